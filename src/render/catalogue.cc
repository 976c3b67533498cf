#include "render/catalogue.h"

#include "render/format.h"
#include "render/thread_clone.h"
#include "render/typography.h"

#include <unicode/fmtable.h>
#include <unicode/unistr.h>
#include <nlohmann/json.hpp>
#include <vector>

namespace depeche::render {
namespace {

// Keys of ICU date patterns (SimpleDateFormat syntax, not messages).
constexpr std::string_view kDatePatternPrefix = "pattern_";

constexpr std::string_view kRequiredKeys[] = {
    "skip_link",
    "contrast_on",
    "contrast_off",
    "menu",
    "menu_title",
    "close",
    "nav_home",
    "home_title",
    "home_heading",
    "home_empty",
    "page_of",
    "page_previous",
    "page_next",
    "pagination_label",
    "provenance",
    "card_provenance",
    "updated_on",
    "role_reporter",
    "role_writer",
    "role_editor",
    "role_translator",
    "role_photographer",
    "comment_count",
    "related_heading",
    "same_event_heading",
    "read_more",
    "read_more_hidden",
    "picture_credit",
    "not_found_title",
    "not_found_text",
    "back_home",
    "withdrawn_title",
    "withdrawn_text",
    "footer_text",
    "pattern_provenance",
    "pattern_card",
    "pattern_updated",
    "pattern_comment",
    "pattern_comment_year",
    "title_suffix",
    "home_page_title",
    "error_title",
    "error_text",
    "names_separator",
    "names_last_separator",
    "roles_separator",
    "correction_note",
    "jsonld_correction",
    "sitemap_needs_base_url",
    "sign_in",
    "sign_up",
    "sign_out",
    "signed_in_as",
    "account_nav_label",
    "field_email",
    "field_name",
    "field_password",
    "hint_name",
    "hint_password",
    "no_account",
    "have_account",
    "account_error_unavailable",
    "account_error_csrf",
    "nav_admin_feeds",
    "admin_feeds_title",
    "admin_feeds_caption",
    "feed_name",
    "feed_state",
    "feed_last_success",
    "feed_last_error",
    "feed_fetches",
    "feed_items",
    "feed_delay",
    "feed_ok",
    "feed_failing",
    "feed_never",
    "feed_fetch_counts",
    "feed_item_counts",
    "feed_delay_value",
    "feeds_empty",
    "forbidden_title",
    "forbidden_text",
    "pattern_admin",
    "nav_search",
    "search_heading",
    "search_label",
    "search_submit",
    "search_title",
    "search_results",
    "search_results_all",
    "search_suggestion",
    "search_widen",
    "search_first_page",
    "search_filters",
    "search_section_label",
    "search_section_any",
    "search_provider_label",
    "search_provider_any",
    "search_period_label",
    "search_period_any",
    "search_period_24h",
    "search_period_7j",
    "search_period_30j",
    "search_period_1an",
    "search_order_label",
    "search_order_relevance",
    "search_order_date",
    "search_too_long",
    "search_unavailable",
    "feed_title",
    "feed_description",
    "feed_link",
    "feed_link_atom",
    "feed_full_text",
    "versions_title",
    "versions_caption",
    "version_number",
    "version_created",
    "version_headline",
    "version_signal",
    "version_on_show",
    "signal_update",
    "signal_correction",
    "signal_withdrawn",
    "signal_first",
    "versions_link",
    "comment_edited",
    "comment_reply",
    "comment_reply_label",
    "comment_reply_submit",
    "comment_edit",
    "comment_edit_label",
    "comment_edit_submit",
    "comment_delete",
    "report_comment",
    "report_hidden",
    "comment_sort_label",
    "comment_sort_oldest",
    "comment_sort_newest",
    "comment_label",
    "comment_hint",
    "comment_submit",
    "comment_sign_in",
    "comments_closed",
    "report_title",
    "report_reason_legend",
    "reason_spam",
    "reason_abuse",
    "reason_hate",
    "reason_off_topic",
    "reason_illegal",
    "reason_other",
    "report_law_label",
    "report_law_hint",
    "report_text_label",
    "report_submit",
    "report_back",
    "report_page_title",
    "comment_state_pending",
    "comment_state_hidden",
    "comment_state_rejected",
    "comment_deleted",
    "comment_author_deleted",
    "comment_notice_published",
    "comment_notice_pending",
    "comment_notice_reported",
    "comment_notice_deleted",
    "comment_notice_edited",
    "comment_error_csrf",
    "comment_error_unavailable",
    "nav_moderation",
    "moderation_title",
    "moderation_queues",
    "moderation_reported",
    "moderation_pending",
    "moderation_recent",
    "moderation_empty",
    "moderation_context",
    "moderation_in_reply",
    "moderation_reports_caption",
    "moderation_report_reason",
    "moderation_report_by",
    "moderation_report_weight",
    "moderation_report_text",
    "moderation_reason_label",
    "moderation_reason_hint",
    "moderation_approve",
    "moderation_reject",
    "moderation_when",
    "moderation_who",
    "moderation_what",
    "moderation_user_title",
    "moderation_not_banned",
    "moderation_banned_until",
    "moderation_banned_forever",
    "moderation_sanction",
    "moderation_duration",
    "duration_24h",
    "duration_7d",
    "duration_30d",
    "duration_permanent",
    "moderation_apply_sanction",
    "moderation_lift",
    "moderation_history",
    "moderation_back",
    "moderation_done",
    "moderation_system",
    "status_published",
    "status_pending",
    "status_hidden",
    "status_rejected",
    "status_deleted",
    "close_comments",
    "open_comments",
    "my_account",
    "my_data",
    "download_comments",
    "delete_account",
    "delete_account_text",
    "delete_account_password",
    "delete_account_submit",
    "account_deleted",
};

}  // namespace

MessageArg arg(std::string name, std::string text) {
  return MessageArg{std::move(name), std::move(text), 0, false};
}

MessageArg arg(std::string name, std::int64_t number) {
  return MessageArg{std::move(name), {}, number, true};
}

std::span<const std::string_view> required_message_keys() {
  return kRequiredKeys;
}

Result<Catalogue> Catalogue::load(std::string_view json, std::string_view locale) {
  auto doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) {
    return make_error(ErrorCode::invalid_input, "message catalogue is not a JSON object");
  }
  Catalogue c;
  c.locale_ = icu::Locale(std::string(locale).c_str());
  const bool french = is_french(locale);
  for (const auto& [key, value] : doc.items()) {
    if (!value.is_string()) {
      return make_error(ErrorCode::invalid_input, "message '" + key + "' is not a string");
    }
    auto pattern = value.get<std::string>();
    // Spaced once here rather than on every page. Date patterns are not
    // reader text: the dates they produce are spaced by DateFormatter.
    if (french && !key.starts_with(kDatePatternPrefix)) pattern = french_spacing_message(pattern);
    UErrorCode status = U_ZERO_ERROR;
    UParseError parse_error{};
    auto format = std::make_shared<icu::MessageFormat>(icu::UnicodeString::fromUTF8(pattern),
                                                       c.locale_, parse_error, status);
    if (U_FAILURE(status)) {
      return make_error(ErrorCode::invalid_input,
                        "message '" + key + "' does not compile: " + u_errorName(status));
    }
    c.texts_.emplace(key, std::move(pattern));
    c.formats_.emplace(key, std::move(format));
  }
  for (auto key : kRequiredKeys) {
    if (!c.texts_.contains(key)) {
      return make_error(ErrorCode::invalid_input,
                        "message catalogue lacks '" + std::string(key) + "'");
    }
  }
  return c;
}

const std::string& Catalogue::text(std::string_view key) const {
  auto it = texts_.find(key);
  if (it == texts_.end()) {
    // Stable storage for the fallback: the key list is fixed at load time.
    static const std::string kMissing = "?";
    return kMissing;
  }
  return it->second;
}

std::string Catalogue::format(std::string_view key, std::initializer_list<MessageArg> args) const {
  return run(key, std::vector<MessageArg>(args)).value_or(std::string(key));
}

std::optional<std::string> Catalogue::run(std::string_view key,
                                          const std::vector<MessageArg>& args) const {
  auto it = formats_.find(key);
  if (it == formats_.end()) return std::nullopt;
  icu::MessageFormat* fmt = &thread_clone(it->second);
  std::vector<icu::UnicodeString> names;
  std::vector<icu::Formattable> values;
  names.reserve(args.size());
  values.reserve(args.size());
  for (const auto& a : args) {
    names.push_back(icu::UnicodeString::fromUTF8(a.name));
    if (a.is_number) {
      values.emplace_back(static_cast<int64_t>(a.number));
    } else {
      values.emplace_back(icu::UnicodeString::fromUTF8(a.text));
    }
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out;
  fmt->format(names.data(), values.data(), static_cast<int32_t>(values.size()), out, status);
  if (U_FAILURE(status)) return std::nullopt;
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

std::string Catalogue::format_html(std::string_view key,
                                   std::initializer_list<MessageArg> html_args) const {
  // Format with placeholders from the Unicode private use area (never
  // present in catalogue text, untouched by escaping), then swap the
  // escaped placeholders for the HTML fragments.
  std::vector<MessageArg> placeholders;
  std::vector<std::pair<std::string, const std::string*>> swaps;
  char32_t next = 0xE000;
  for (const auto& a : html_args) {
    if (a.is_number) {
      placeholders.push_back(a);
      continue;
    }
    icu::UnicodeString mark(static_cast<UChar32>(next++));
    std::string utf8;
    mark.toUTF8String(utf8);
    placeholders.push_back(arg(a.name, utf8));
    swaps.emplace_back(utf8, &a.text);
  }
  auto text = run(key, placeholders);
  if (!text) return escape_html(key);
  std::string html = escape_html(*text);
  for (const auto& [mark, fragment] : swaps) {
    for (auto pos = html.find(mark); pos != std::string::npos; pos = html.find(mark, pos)) {
      html.replace(pos, mark.size(), *fragment);
      pos += fragment->size();
    }
  }
  return html;
}

}  // namespace depeche::render
