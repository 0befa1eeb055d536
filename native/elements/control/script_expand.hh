// Script's substitutions in instruction text: `$name`, `${name}`, the specials `$?` and `$#`,
// and `$(HANDLER ARGS...)`, which reads a handler (nested references inside are expanded
// first). Substitution happens outside quotes and inside double quotes (where the inserted
// text is escaped so it reads back as written), never inside single quotes. A reference that
// cannot be resolved stays as written.
#pragma once
#include <functional>
#include <string>
#include <string_view>

namespace clickos::script {

struct Expander {
    // The value of variable `name`; false if it is not defined.
    std::function<bool(const std::string& name, std::string& value)> variable;
    // The value of `$(call)` (handler name and parameters); false if the call failed (the
    // callee reports why).
    std::function<bool(const std::string& call, std::string& value)> call;
    // Insert values quoted even outside quotes, so that removing a level of quotes afterwards
    // gives them back as they are (`print $x` shows x's quotes).
    bool protect = false;
};

std::string expand(std::string_view text, const Expander& x);

// Splits off the first word of `text` (quotes group words); `rest` is what follows, trimmed.
std::string pop_word(std::string_view text, std::string& rest);

}  // namespace clickos::script
