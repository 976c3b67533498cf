#pragma once
// Whether a new password is too easy to guess, judged by libpwquality
// (Debian's maintained checker: cracklib's dictionary, simple sequences,
// palindromes, the pseudonym or e-mail inside) rather than by length alone.

#include <memory>
#include <mutex>
#include <string_view>

namespace depeche::comments {

class PasswordQuality {
 public:
  // Settings are libpwquality's defaults with a minimum length of
  // `min_length`; the system's pwquality.conf is not read, so every node
  // judges alike.
  explicit PasswordQuality(int min_length);
  ~PasswordQuality();
  PasswordQuality(const PasswordQuality&) = delete;
  PasswordQuality& operator=(const PasswordQuality&) = delete;

  // True when the password is refused: in the dictionary, too simple or
  // systematic, a palindrome, or built on `name` or the local part of
  // `email`. Thread-safe (cracklib is not, so checks take turns).
  bool weak(std::string_view password, std::string_view name, std::string_view email) const;

 private:
  struct Settings;
  std::unique_ptr<Settings> settings_;
  mutable std::mutex mu_;
};

}  // namespace depeche::comments
