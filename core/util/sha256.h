#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace cordon::core {

using Digest = std::array<std::uint8_t, 32>;

/// Incremental SHA-256 (OpenSSL's EVP implementation, which uses the CPU's SHA extensions).
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256 &) = delete;
    Sha256 &operator=(const Sha256 &) = delete;

    void update(const void *data, std::size_t size);
    void update(std::string_view bytes) { update(bytes.data(), bytes.size()); }
    void update(const Digest &digest) { update(digest.data(), digest.size()); }
    /// Returns the digest and resets the object for a new message.
    Digest finish();

    static Digest of(std::string_view bytes);

private:
    struct Context;
    std::unique_ptr<Context> m_ctx;
};

std::string toHex(const std::uint8_t *data, std::size_t size);
inline std::string toHex(const Digest &digest) { return toHex(digest.data(), digest.size()); }
/// The first 64 bits of a digest as a signed integer (an index key for SQLite).
std::int64_t digestKey(const Digest &digest);

} // namespace cordon::core
