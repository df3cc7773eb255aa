#include "core/domain/stix_observables.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace cordon::core::stix {
namespace {

struct Mapping {
    std::string_view type, object, path;
};

// One row per Cordon type; the first object listed for a type is the one exported.
constexpr std::array kMappings = {
    Mapping{"ip", "ipv4-addr", "value"},
    Mapping{"ip", "ipv6-addr", "value"},
    Mapping{"network", "ipv4-addr", "value"},
    Mapping{"domain", "domain-name", "value"},
    Mapping{"url", "url", "value"},
    Mapping{"email", "email-addr", "value"},
    Mapping{"account", "user-account", "user_id"},
    Mapping{"account", "user-account", "account_login"},
    Mapping{"user_agent", "network-traffic", "extensions.'http-request-ext'.request_header.'User-Agent'"},
    Mapping{"md5", "file", "hashes.MD5"},
    Mapping{"sha1", "file", "hashes.'SHA-1'"},
    Mapping{"sha256", "file", "hashes.'SHA-256'"},
    Mapping{"sha512", "file", "hashes.'SHA-512'"},
    Mapping{"suffix_signature", "x-cordon-prompt", "suffix"},
    Mapping{"prompt_pattern", "x-cordon-prompt", "text"},
    Mapping{"text", "x-cordon-prompt", "text"},
    Mapping{"pattern", "x-cordon-prompt", "text"},
    Mapping{"token_sha256", "x-cordon-credential", "token_sha256"},
    Mapping{"api_key_sha256", "x-cordon-credential", "api_key_sha256"},
    Mapping{"model_version", "x-cordon-model", "version"},
};

/// File hash names are written many ways ('SHA-256', SHA256, sha256); compare them bare.
std::string bareHash(std::string_view path)
{
    std::string out;
    for (char c : path.substr(path.find('.') + 1)) {
        if (c != '\'' && c != '-')
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

} // namespace

std::optional<std::string> comparison(std::string_view type, std::string_view value)
{
    for (const Mapping &m : kMappings) {
        if (m.type != type)
            continue;
        std::string_view object = m.object;
        if ((type == "ip" || type == "network") && value.find(':') != std::string_view::npos)
            object = "ipv6-addr";
        return std::string(object) + ":" + std::string(m.path) + " = '" + escape(value) + "'";
    }
    return std::nullopt;
}

std::string typeFor(std::string_view object, std::string_view path)
{
    if (object == "file" && path.starts_with("hashes.")) {
        const std::string algo = bareHash(path);
        return algo == "md5" || algo == "sha1" || algo == "sha256" || algo == "sha512" ? algo : std::string();
    }
    for (const Mapping &m : kMappings) {
        if (m.object == object && m.path == path && m.type != "network" && m.type != "text" && m.type != "pattern")
            return std::string(m.type);
    }
    return {};
}

std::string escape(std::string_view value)
{
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\' || c == '\'')
            out += '\\';
        out += c;
    }
    return out;
}

std::string unescape(std::string_view literal)
{
    std::string out;
    out.reserve(literal.size());
    for (std::size_t i = 0; i < literal.size(); ++i) {
        if (literal[i] == '\\' && i + 1 < literal.size())
            ++i;
        out += literal[i];
    }
    return out;
}

} // namespace cordon::core::stix
