#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cordon::cli {

/// A small GNU-style parser: positionals, "--name value", "--name=value" and switches.
/// Which options take values is declared up front, so a typo is an error, not a positional.
class Arguments {
public:
    struct Spec {
        std::vector<std::string> valueOptions;   // --title T
        std::vector<std::string> switches;       // --json
    };

    /// Returns an error sentence, or nothing when the words parsed.
    std::optional<std::string> parse(const std::vector<std::string> &words, const Spec &spec);

    const std::vector<std::string> &positionals() const { return m_positionals; }
    bool has(const std::string &name) const { return m_values.count(name) || m_switches.count(name); }
    std::optional<std::string> value(const std::string &name) const;
    std::string valueOr(const std::string &name, const std::string &fallback) const;
    /// The option as a whole number; an error sentence when it is not one.
    std::optional<std::string> number(const std::string &name, long long &out, long long min, long long max) const;

private:
    std::vector<std::string> m_positionals;
    std::map<std::string, std::string> m_values;
    std::map<std::string, bool> m_switches;
};

} // namespace cordon::cli
