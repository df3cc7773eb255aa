#pragma once

#include "core/util/clock.h"

#include <optional>
#include <string>
#include <string_view>

namespace cordon::core {

/// Parses RFC 3339 / ISO 8601 date-times ("2026-11-22T10:15:30.123Z", "+02:00" offsets,
/// a space instead of 'T', fractions up to nanoseconds) into UTC microseconds.
std::optional<TimeUs> parseRfc3339(std::string_view text);

/// Interprets a bare epoch number by magnitude: seconds, milliseconds, microseconds or
/// nanoseconds (the units logging systems actually emit).
std::optional<TimeUs> epochToUs(double value);

/// Formats UTC microseconds as RFC 3339 with microseconds and 'Z'.
std::string formatRfc3339(TimeUs t);
/// "2026-11-23 14:04 UTC": for text people read (messages, statements), to the minute.
std::string formatMinuteUtc(TimeUs t);
/// What is left of a deadline: "2 h 05 min left", or "overdue by 1 h 10 min" once it passed.
std::string formatTimeLeft(TimeUs remaining);

/// Civil date helpers (proleptic Gregorian), exposed for the simulator's diurnal model.
std::int64_t daysFromCivil(int year, unsigned month, unsigned day);

} // namespace cordon::core
