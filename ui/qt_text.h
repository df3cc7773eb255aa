#pragma once

#include <QString>

#include <string_view>

namespace cordon::ui {

/// Core's UTF-8 text as a QString (core names are string_views into static tables).
inline QString qstr(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace cordon::ui
