#include "core/util/hmac.h"

#include <openssl/crypto.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace cordon::core {

Digest hmacSha256(std::string_view key, std::string_view data)
{
    Digest out{};
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char *>(data.data()),
              data.size(), out.data(), &length)
        || length != out.size())
        throw std::runtime_error("OpenSSL could not compute HMAC-SHA-256");
    return out;
}

bool constantTimeEquals(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace cordon::core
