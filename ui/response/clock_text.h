#pragma once

#include "core/response/regulatory_clocks.h"

#include <QString>

namespace cordon::ui {

/// "2 h 05 min left" / "overdue by 1 h 10 min" (core::formatTimeLeft).
QString timeLeftText(core::TimeUs remaining);
/// The regulatory clocks as rich text: running ones with their deadline and time left (red
/// under 12 h, and once overdue), closed ones with how they closed.
QString clocksHtml(const std::vector<core::response::RegulatoryClock> &clocks, core::TimeUs now);

} // namespace cordon::ui
