#include "comments/password_quality.h"

#include <pwquality.h>

#include <string>

namespace depeche::comments {

struct PasswordQuality::Settings {
  pwquality_settings_t* pwq = nullptr;
  ~Settings() {
    if (pwq) pwquality_free_settings(pwq);
  }
};

PasswordQuality::PasswordQuality(int min_length) : settings_(std::make_unique<Settings>()) {
  settings_->pwq = pwquality_default_settings();
  if (settings_->pwq) pwquality_set_int_value(settings_->pwq, PWQ_SETTING_MIN_LENGTH, min_length);
}

PasswordQuality::~PasswordQuality() = default;

bool PasswordQuality::weak(std::string_view password, std::string_view name,
                           std::string_view email) const {
  if (!settings_->pwq) return false;  // out of memory at start: length rules still hold
  std::string pw(password), user(name), local(email.substr(0, email.find('@')));
  std::lock_guard lock(mu_);
  for (const std::string* who : {&user, &local}) {
    void* aux = nullptr;
    int score = pwquality_check(settings_->pwq, pw.c_str(), nullptr,
                                who->empty() ? nullptr : who->c_str(), &aux);
    // The error text is not used, but it is what frees `aux`.
    char ignored[256];
    if (score < 0) {
      pwquality_strerror(ignored, sizeof ignored, score, aux);
      return true;
    }
  }
  return false;
}

}  // namespace depeche::comments
