#pragma once

#include "core/util/clock.h"

#include <QString>

namespace cordon::ui {

/// Local time with the UTC offset, as responders compare notes across time zones.
QString formatLocalTime(core::TimeUs t);

} // namespace cordon::ui
