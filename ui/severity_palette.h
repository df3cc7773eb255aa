#pragma once

#include "core/domain/case_info.h"

#include <QColor>
#include <QPalette>

namespace cordon::ui {

/// Semantic colours in one place, with light and dark variants: models return meaning
/// (a severity), views and delegates ask here for the colour.
struct SeverityColors {
    QColor background;
    QColor foreground;
};

bool isDarkPalette(const QPalette &palette);
SeverityColors severityColors(core::Severity severity, const QPalette &palette);
/// Colour for an event's flags: red-ish for attack signals, amber for data exposure.
QColor flagColor(std::uint32_t flags, const QPalette &palette);

} // namespace cordon::ui
