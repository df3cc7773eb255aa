#include "core/util/uuid.h"

#include "core/util/sha256.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>
#include <stdexcept>

namespace cordon::core {
namespace {

std::string format(std::uint8_t (&b)[16], int version)
{
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | (version << 4));
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);   // RFC 4122 variant
    const std::string hex = toHex(b, 16);
    return hex.substr(0, 8) + '-' + hex.substr(8, 4) + '-' + hex.substr(12, 4) + '-' + hex.substr(16, 4) + '-'
        + hex.substr(20);
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

std::string randomUuid()
{
    std::random_device rd;
    std::uint8_t b[16];
    for (auto &x : b)
        x = static_cast<std::uint8_t>(rd());
    return format(b, 4);
}

std::string nameUuid(std::string_view namespaceUuid, std::string_view name)
{
    std::string bytes;
    for (std::size_t i = 0; i + 1 < namespaceUuid.size(); ++i) {
        if (namespaceUuid[i] == '-')
            continue;
        const int hi = hexValue(namespaceUuid[i]), lo = hexValue(namespaceUuid[i + 1]);
        if (hi < 0 || lo < 0)
            throw std::invalid_argument("not a UUID: " + std::string(namespaceUuid));
        bytes += static_cast<char>(hi * 16 + lo);
        ++i;
    }
    if (bytes.size() != 16)
        throw std::invalid_argument("not a UUID: " + std::string(namespaceUuid));
    bytes.append(name);
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha1(), nullptr) != 1 || size < 16)
        throw std::runtime_error("SHA-1 is not available");
    std::uint8_t b[16];
    std::copy_n(digest.begin(), 16, b);
    return format(b, 5);
}

} // namespace cordon::core
