#pragma once
// Forms that show every problem of a submission at once (GOV.UK's error
// summary pattern) need more than the one Error of a Result: the inputs at
// fault, each with its own reason.

#include <string>
#include <vector>

namespace depeche {

// One input at fault in a submitted form.
struct FieldError {
  std::string field;  // the input as the domain names it: "email", "new_password"
  std::string code;   // the reason, a stable word as in Error::message: "email_invalid"
};

// Every input at fault, in the order the form shows them.
using FieldErrors = std::vector<FieldError>;

}  // namespace depeche
