#include "core/util/sha256.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace cordon::core {

struct Sha256::Context {
    EVP_MD_CTX *ctx = nullptr;
};

Sha256::Sha256() : m_ctx(std::make_unique<Context>())
{
    m_ctx->ctx = EVP_MD_CTX_new();
    if (!m_ctx->ctx || EVP_DigestInit_ex(m_ctx->ctx, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("OpenSSL could not initialise SHA-256");
}

Sha256::~Sha256()
{
    EVP_MD_CTX_free(m_ctx->ctx);
}

void Sha256::update(const void *data, std::size_t size)
{
    if (size)
        EVP_DigestUpdate(m_ctx->ctx, data, size);
}

Digest Sha256::finish()
{
    Digest out{};
    unsigned int len = 0;
    EVP_DigestFinal_ex(m_ctx->ctx, out.data(), &len);
    EVP_DigestInit_ex(m_ctx->ctx, EVP_sha256(), nullptr);
    return out;
}

Digest Sha256::of(std::string_view bytes)
{
    Digest out{};
    unsigned int len = 0;
    EVP_Digest(bytes.data(), bytes.size(), out.data(), &len, EVP_sha256(), nullptr);
    return out;
}

std::string toHex(const std::uint8_t *data, std::size_t size)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(size * 2, '0');
    for (std::size_t i = 0; i < size; ++i) {
        out[2 * i] = digits[data[i] >> 4];
        out[2 * i + 1] = digits[data[i] & 0xf];
    }
    return out;
}

std::int64_t digestKey(const Digest &digest)
{
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v = (v << 8) | digest[i];
    return static_cast<std::int64_t>(v);
}

} // namespace cordon::core
