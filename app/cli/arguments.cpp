#include "arguments.h"

#include <algorithm>
#include <charconv>

namespace cordon::cli {

std::optional<std::string> Arguments::parse(const std::vector<std::string> &words, const Spec &spec)
{
    auto contains = [](const std::vector<std::string> &list, const std::string &s) {
        return std::find(list.begin(), list.end(), s) != list.end();
    };
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string &w = words[i];
        if (w.size() > 2 && w.starts_with("--")) {
            std::string name = w.substr(2);
            std::optional<std::string> inlineValue;
            if (const auto eq = name.find('='); eq != std::string::npos) {
                inlineValue = name.substr(eq + 1);
                name.resize(eq);
            }
            if (contains(spec.switches, name) && !inlineValue) {
                m_switches[name] = true;
            } else if (contains(spec.valueOptions, name)) {
                if (inlineValue) {
                    m_values[name] = *inlineValue;
                } else if (i + 1 < words.size()) {
                    m_values[name] = words[++i];
                } else {
                    return "--" + name + " needs a value";
                }
            } else {
                return "unknown option --" + name;
            }
        } else {
            m_positionals.push_back(w);
        }
    }
    return std::nullopt;
}

std::optional<std::string> Arguments::value(const std::string &name) const
{
    const auto it = m_values.find(name);
    return it == m_values.end() ? std::nullopt : std::optional<std::string>(it->second);
}

std::string Arguments::valueOr(const std::string &name, const std::string &fallback) const
{
    return value(name).value_or(fallback);
}

std::optional<std::string> Arguments::number(const std::string &name, long long &out, long long min, long long max) const
{
    const auto v = value(name);
    if (!v)
        return std::nullopt;
    long long parsed = 0;
    const auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), parsed);
    if (ec != std::errc() || ptr != v->data() + v->size() || parsed < min || parsed > max)
        return "--" + name + " takes a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    out = parsed;
    return std::nullopt;
}

} // namespace cordon::cli
