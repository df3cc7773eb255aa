#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cordon::core {

/// Empty or only spaces and tabs: what a person left blank.
inline bool isBlank(std::string_view s)
{
    return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

/// The text, or nothing when it is empty: for optional columns, stored as NULL.
inline std::optional<std::string> nonEmpty(const std::string &s)
{
    return s.empty() ? std::nullopt : std::optional(s);
}

} // namespace cordon::core
