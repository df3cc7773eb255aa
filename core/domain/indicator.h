#pragma once

#include "core/util/clock.h"

#include <cstdint>
#include <optional>
#include <string>

namespace cordon::core {

/// An indicator of compromise: a value worth matching against events (an IP, a domain, a
/// file hash, a suffix signature, ...), with where it came from and how far to trust it.
struct Indicator {
    std::string type;                     ///< ip, domain, url, email, sha256, md5, account, pattern, ...
    std::string value;
    std::string source;                   ///< the feed, organisation or file that asserted it
    std::optional<std::int64_t> confidence;  ///< 0-100 as in STIX 2.1
    std::optional<TimeUs> validFrom, validUntil;
    std::optional<std::string> externalId;   ///< the STIX id or MISP attribute uuid
    std::optional<std::string> name;
    std::optional<std::string> pattern;      ///< the original STIX pattern, when there was one
    std::optional<std::string> attributes;   ///< JSON object of what is not mapped above
};

} // namespace cordon::core
