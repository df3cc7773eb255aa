#include "core/util/time_format.h"

#include <cmath>
#include <cstdio>

namespace cordon::core {
namespace {

constexpr TimeUs kUsPerSecond = 1'000'000;

bool readDigits(std::string_view s, std::size_t &pos, int count, int &out)
{
    if (pos + count > s.size())
        return false;
    int v = 0;
    for (int i = 0; i < count; ++i) {
        const char c = s[pos + i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    pos += count;
    out = v;
    return true;
}

bool expect(std::string_view s, std::size_t &pos, char c)
{
    if (pos < s.size() && s[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

// Howard Hinnant's civil-from-days inverse, in integer arithmetic.
void civilFromDays(std::int64_t z, int &y, unsigned &m, unsigned &d)
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t yy = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(yy + (m <= 2));
}

} // namespace

std::int64_t daysFromCivil(int year, unsigned month, unsigned day)
{
    year -= month <= 2;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(year - era * 400);
    const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::optional<TimeUs> parseRfc3339(std::string_view s)
{
    std::size_t pos = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!readDigits(s, pos, 4, year) || !expect(s, pos, '-') || !readDigits(s, pos, 2, month)
        || !expect(s, pos, '-') || !readDigits(s, pos, 2, day))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31)
        return std::nullopt;
    if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ')) {
        ++pos;
        if (!readDigits(s, pos, 2, hour) || !expect(s, pos, ':') || !readDigits(s, pos, 2, minute))
            return std::nullopt;
        if (expect(s, pos, ':') && !readDigits(s, pos, 2, second))
            return std::nullopt;
    } else if (pos != s.size()) {
        return std::nullopt;
    }
    // 60 is allowed for leap seconds and folded into the next second.
    if (hour > 23 || minute > 59 || second > 60)
        return std::nullopt;

    TimeUs fractionUs = 0;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        int digits = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (digits < 6)
                fractionUs = fractionUs * 10 + (s[pos] - '0');
            ++digits;
            ++pos;
        }
        if (digits == 0)
            return std::nullopt;
        for (int i = digits; i < 6; ++i)
            fractionUs *= 10;
    }

    std::int64_t offsetSeconds = 0;
    if (pos < s.size()) {
        const char c = s[pos];
        if (c == 'Z' || c == 'z') {
            ++pos;
        } else if (c == '+' || c == '-') {
            ++pos;
            int oh = 0, om = 0;
            if (!readDigits(s, pos, 2, oh))
                return std::nullopt;
            expect(s, pos, ':');
            if (!readDigits(s, pos, 2, om) || oh > 23 || om > 59)
                return std::nullopt;
            offsetSeconds = (oh * 3600 + om * 60) * (c == '-' ? -1 : 1);
        }
    }
    if (pos != s.size())
        return std::nullopt;

    const std::int64_t days = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    const std::int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
    return seconds * kUsPerSecond + fractionUs;
}

std::optional<TimeUs> epochToUs(double value)
{
    if (!std::isfinite(value) || value < 0)
        return std::nullopt;
    // Year-2286 boundaries: seconds < 1e10, ms < 1e13, µs < 1e16, ns beyond.
    if (value < 1e10)
        return static_cast<TimeUs>(std::llround(value * 1e6));
    if (value < 1e13)
        return static_cast<TimeUs>(std::llround(value * 1e3));
    if (value < 1e16)
        return static_cast<TimeUs>(std::llround(value));
    if (value < 9.2e18)
        return static_cast<TimeUs>(std::llround(value / 1e3));
    return std::nullopt;
}

std::string formatTimeLeft(TimeUs remaining)
{
    const std::int64_t minutes = (remaining < 0 ? -remaining : remaining) / (60 * kUsPerSecond);
    const std::int64_t m = minutes % 60;
    const std::string span = std::to_string(minutes / 60) + " h " + (m < 10 ? "0" : "") + std::to_string(m) + " min";
    return remaining < 0 ? "overdue by " + span : span + " left";
}

std::string formatMinuteUtc(TimeUs t)
{
    std::string s = formatRfc3339(t).substr(0, 16);   // 2026-11-23T14:04
    s[10] = ' ';
    return s + " UTC";
}

std::string formatRfc3339(TimeUs t)
{
    std::int64_t seconds = t / kUsPerSecond;
    std::int64_t us = t % kUsPerSecond;
    if (us < 0) {
        us += kUsPerSecond;
        --seconds;
    }
    std::int64_t days = seconds / 86400;
    std::int64_t sod = seconds % 86400;
    if (sod < 0) {
        sod += 86400;
        --days;
    }
    int y = 0;
    unsigned m = 0, d = 0;
    civilFromDays(days, y, m, d);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%06lldZ", y, m, d,
                  static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60),
                  static_cast<int>(sod % 60), static_cast<long long>(us));
    return buf;
}

} // namespace cordon::core
