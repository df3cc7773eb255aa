// Syslog text: RFC 5424 and RFC 3164 (with or without <PRI>, as sent or as written to files).
#include "core/normalize/formats.h"

#include "core/domain/event_flags.h"
#include "core/util/time_format.h"

#include <array>
#include <charconv>
#include <ctime>
#include <regex>

namespace cordon::core::normalize {
namespace {

constexpr std::array<std::string_view, 8> kSeverities = {"emergency", "alert", "critical", "error",
                                                          "warning", "notice", "informational", "debug"};

std::string_view token(std::string_view &rest)
{
    const auto sp = rest.find(' ');
    std::string_view tok = rest.substr(0, sp);
    rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
    return tok;
}

/// RFC 5424 structured data: [id k="v" ...][id2 ...] or "-". Consumes it from rest.
json structuredData(std::string_view &rest)
{
    json out = json::object();
    if (rest.starts_with("-")) {
        rest.remove_prefix(std::min<std::size_t>(2, rest.size()));
        return out;
    }
    while (rest.starts_with("[")) {
        std::size_t i = 1;
        const auto idEnd = rest.find_first_of(" ]", i);
        if (idEnd == std::string_view::npos)
            throw Reject{"unterminated structured data element"};
        json &element = out[std::string(rest.substr(1, idEnd - 1))] = json::object();
        i = idEnd;
        while (i < rest.size() && rest[i] == ' ') {
            const auto eq = rest.find('=', i + 1);
            if (eq == std::string_view::npos || eq + 1 >= rest.size() || rest[eq + 1] != '"')
                throw Reject{"malformed structured data parameter"};
            std::string value;
            std::size_t j = eq + 2;
            for (; j < rest.size() && rest[j] != '"'; ++j) {
                if (rest[j] == '\\' && j + 1 < rest.size())
                    ++j;   // \" \\ \] are escapes
                value.push_back(rest[j]);
            }
            if (j >= rest.size())
                throw Reject{"unterminated structured data value"};
            element[std::string(rest.substr(i + 1, eq - i - 1))] = std::move(value);
            i = j + 1;
        }
        if (i >= rest.size() || rest[i] != ']')
            throw Reject{"structured data element is not closed with ']'"};
        rest.remove_prefix(i + 1);
    }
    if (rest.starts_with(" "))
        rest.remove_prefix(1);
    return out;
}

std::string stripBom(std::string_view msg)
{
    if (msg.starts_with("\xEF\xBB\xBF"))
        msg.remove_prefix(3);
    return std::string(msg);
}

/// RFC 3164 "Mmm dd hh:mm:ss" has no year: take the year that puts it closest before now.
std::optional<TimeUs> bsdTimestamp(std::string_view stamp, TimeUs now)
{
    static constexpr std::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
    const auto m = kMonths.find(stamp.substr(0, 3));
    if (m == std::string_view::npos || m % 3 != 0 || stamp.size() < 15)
        return std::nullopt;
    auto num = [&](std::size_t pos, std::size_t len) {
        int v = 0;
        std::string_view s = stamp.substr(pos, len);
        while (!s.empty() && s.front() == ' ')
            s.remove_prefix(1);
        std::from_chars(s.data(), s.data() + s.size(), v);
        return v;
    };
    const int day = num(4, 2), hh = num(7, 2), mm = num(10, 2), ss = num(13, 2);
    const std::time_t nowSeconds = static_cast<std::time_t>(now / 1'000'000);
    std::tm utc{};
    gmtime_r(&nowSeconds, &utc);
    const int year = utc.tm_year + 1900;
    auto at = [&](int y) {
        return (daysFromCivil(y, static_cast<unsigned>(m / 3 + 1), static_cast<unsigned>(day)) * 86400
                + hh * 3600 + mm * 60 + ss)
            * 1'000'000LL;
    };
    TimeUs t = at(year);
    if (t > now + 86'400'000'000LL)
        t = at(year - 1);
    return t;
}

/// Login outcomes that sshd and PAM write to syslog: the host's own authentication events,
/// which an incident can involve as much as the gateway's.
struct AuthPattern {
    std::regex pattern;
    bool failure;
    int account, ip;   // capture groups, 0 when absent
};

const std::vector<AuthPattern> &authPatterns()
{
    static const std::vector<AuthPattern> all = {
        {std::regex(R"(^Failed (?:password|publickey|keyboard-interactive/pam) for (?:invalid user )?(\S+) from (\S+))"), true, 1, 2},
        {std::regex(R"(^Invalid user (\S*) from (\S+))"), true, 1, 2},
        {std::regex(R"(^Accepted (?:password|publickey|keyboard-interactive/pam) for (\S+) from (\S+))"), false, 1, 2},
        {std::regex(R"(authentication failure;.*rhost=(\S+)(?:\s+user=(\S+))?)"), true, 2, 1},
    };
    return all;
}

void mapAuthentication(Event &e, const std::string &app, const std::string &message)
{
    if (app.find("sshd") == std::string::npos && app.find("login") == std::string::npos
        && app.find("pam") == std::string::npos)
        return;
    for (const AuthPattern &p : authPatterns()) {
        std::smatch m;
        if (!std::regex_search(message, m, p.pattern))
            continue;
        e.kind = "auth";
        if (p.failure)
            e.flags |= AuthFailure;
        if (p.account && m[p.account].matched && m[p.account].length() > 0)
            e.account = m[p.account].str();
        if (p.ip && m[p.ip].matched)
            e.sourceIp = m[p.ip].str();
        return;
    }
}

} // namespace

Normalized fromSyslog(std::string_view line, const RecordContext &context)
{
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
        line.remove_suffix(1);
    std::string_view rest = line;
    json attrs = json::object();
    if (rest.starts_with("<")) {
        const auto close = rest.find('>');
        int pri = -1;
        if (close != std::string_view::npos && close >= 2 && close <= 4)
            std::from_chars(rest.data() + 1, rest.data() + close, pri);
        if (pri < 0 || pri > 191)
            throw Reject{"syslog PRI must be <0> to <191>"};
        attrs["log.syslog.facility.code"] = pri / 8;
        attrs["log.syslog.severity.code"] = pri % 8;
        attrs["log.syslog.severity.name"] = kSeverities[static_cast<std::size_t>(pri % 8)];
        rest.remove_prefix(close + 1);
    }
    Event e = makeEvent(context, "syslog", context.recordTime);
    std::string message;
    if (rest.starts_with("1 ")) {
        // RFC 5424: VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]
        attrs["log.syslog.version"] = 1;
        rest.remove_prefix(2);
        const std::string_view stamp = token(rest);
        if (stamp != "-") {
            auto t = parseRfc3339(stamp);
            if (!t)
                throw Reject{"RFC 5424 TIMESTAMP is not RFC 3339: \"" + std::string(stamp.substr(0, 40)) + "\""};
            e.eventTime = *t;
        }
        for (const char *field : {"host.name", "log.syslog.appname", "log.syslog.procid", "log.syslog.msgid"}) {
            const std::string_view v = token(rest);
            if (v.empty())
                throw Reject{"RFC 5424 header is cut short before " + std::string(field)};
            if (v != "-")
                attrs[field] = std::string(v);
        }
        json sd = structuredData(rest);
        if (!sd.empty())
            attrs["log.syslog.structured_data"] = std::move(sd);
        message = stripBom(rest);
    } else {
        // RFC 3164: Mmm dd hh:mm:ss HOST TAG[PID]: MSG
        auto t = bsdTimestamp(rest, context.recordTime);
        if (!t)
            throw Reject{"not syslog: no RFC 5424 version and no RFC 3164 \"Mmm dd hh:mm:ss\" timestamp"};
        e.eventTime = *t;
        rest.remove_prefix(std::min<std::size_t>(16, rest.size()));
        attrs["host.name"] = std::string(token(rest));
        const auto colon = rest.find(": ");
        if (colon != std::string_view::npos && rest.substr(0, colon).find(' ') == std::string_view::npos) {
            std::string_view tag = rest.substr(0, colon);
            if (const auto bracket = tag.find('['); bracket != std::string_view::npos && tag.ends_with("]")) {
                attrs["log.syslog.procid"] = std::string(tag.substr(bracket + 1, tag.size() - bracket - 2));
                tag = tag.substr(0, bracket);
            }
            attrs["log.syslog.appname"] = std::string(tag);
            rest.remove_prefix(colon + 2);
        }
        message = std::string(rest);
    }
    // The app name is the tag in RFC 3164 ("sshd(pam_unix)" included) or APP-NAME in RFC 5424.
    mapAuthentication(e, attrs.value("log.syslog.appname", ""), message);
    attrs["message"] = std::move(message);
    setAttributes(e, attrs);
    setPayload(e, line);
    return single(std::move(e));
}

} // namespace cordon::core::normalize
