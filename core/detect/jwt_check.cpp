#include "core/detect/jwt_check.h"

namespace cordon::core {
namespace {

std::optional<std::string> base64UrlDecode(std::string_view in)
{
    static constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : in) {
        if (c == '=')
            break;
        const auto v = kAlphabet.find(c == '+' ? '-' : c == '/' ? '_' : c);
        if (v == std::string_view::npos)
            return std::nullopt;
        buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    return out;
}

std::optional<nlohmann::json> decodePart(std::string_view part)
{
    auto text = base64UrlDecode(part);
    if (!text)
        return std::nullopt;
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return std::nullopt;
    return j;
}

/// The role a token claims: "role" as a string, or the first string of "roles".
std::string roleClaim(const nlohmann::json &claims)
{
    if (auto it = claims.find("role"); it != claims.end() && it->is_string())
        return it->get<std::string>();
    if (auto it = claims.find("roles"); it != claims.end()) {
        if (it->is_string())
            return it->get<std::string>();
        if (it->is_array() && !it->empty() && it->front().is_string())
            return it->front().get<std::string>();
    }
    return {};
}

} // namespace

std::optional<DecodedJwt> decodeJwt(std::string_view token)
{
    if (token.starts_with("Bearer "))
        token.remove_prefix(7);
    const auto a = token.find('.');
    const auto b = a == std::string_view::npos ? a : token.find('.', a + 1);
    if (b == std::string_view::npos || token.size() > 16384)
        return std::nullopt;
    auto header = decodePart(token.substr(0, a));
    auto claims = decodePart(token.substr(a + 1, b - a - 1));
    if (!header || !claims)
        return std::nullopt;
    return DecodedJwt{std::move(*header), std::move(*claims)};
}

JwtFindings checkAcceptedJwt(const DecodedJwt &token, TimeUs usedAt, bool accepted,
                             std::optional<std::string> issuedRole, TimeUs maxLifetime)
{
    JwtFindings f;
    if (!accepted)
        return f;
    const auto algIt = token.header.find("alg");
    const std::string alg = algIt != token.header.end() && algIt->is_string() ? algIt->get<std::string>() : "";
    if (alg.empty() || alg == "none" || alg == "None" || alg == "NONE") {
        f.algNone = true;
        f.problems.push_back({"alg_none", alg.empty() ? "token without an algorithm was accepted"
                                                     : "token with alg \"none\" (unsigned) was accepted"});
    }
    const auto exp = token.claims.find("exp");
    const auto iat = token.claims.find("iat");
    if (exp != token.claims.end() && exp->is_number()) {
        const TimeUs expiresAt = static_cast<TimeUs>(exp->get<double>() * 1e6);
        if (expiresAt < usedAt) {
            f.expiredAccepted = true;
            f.problems.push_back({"expired_accepted", "token expired " + std::to_string((usedAt - expiresAt) / 60'000'000)
                                                         + " min before use was accepted"});
        }
        const TimeUs lifetime = iat != token.claims.end() && iat->is_number()
            ? expiresAt - static_cast<TimeUs>(iat->get<double>() * 1e6) : 0;
        if (lifetime > maxLifetime) {
            f.overlongLifetime = true;
            f.problems.push_back({"overlong_lifetime", "token lifetime " + std::to_string(lifetime / 3'600'000'000)
                                                           + " h exceeds the maximum of "
                                                           + std::to_string(maxLifetime / 3'600'000'000) + " h"});
        }
    }
    if (issuedRole) {
        const std::string role = roleClaim(token.claims);
        if (!role.empty() && role != *issuedRole) {
            f.roleEscalated = true;
            f.problems.push_back({"role_escalation", "role claim \"" + role + "\" differs from the issued role \""
                                                         + *issuedRole + "\""});
        }
    }
    return f;
}

} // namespace cordon::core
