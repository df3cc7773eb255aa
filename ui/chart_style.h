#pragma once

#include <QPalette>

class QChart;

namespace cordon::ui {

/// Paints a chart in the window's palette, light or dark: Qt Charts' own themes ignore the
/// palette, so a dark window would otherwise show white charts.
void styleChart(QChart *chart, const QPalette &palette);

} // namespace cordon::ui
