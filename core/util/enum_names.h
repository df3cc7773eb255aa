#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace cordon::core {

/// The enumerator whose name is `s`, for enums stored as text: `names` lists the names in the
/// enumerators' order.
template<class Enum, std::size_t N>
std::optional<Enum> enumFromName(const std::array<std::string_view, N> &names, std::string_view s)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == s)
            return static_cast<Enum>(i);
    }
    return std::nullopt;
}

} // namespace cordon::core
