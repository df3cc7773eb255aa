#include "core/forensics/minhash.h"

#include <algorithm>
#include <limits>
#include <string>

namespace cordon::core::forensics {
namespace {

std::uint64_t mix(std::uint64_t x)
{
    // splitmix64's finaliser: every input bit affects every output bit.
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/// Lower-cased ASCII with whitespace runs collapsed to one space and trimmed.
std::string normalised(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    bool space = false;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u == ' ' || u == '\t' || u == '\n' || u == '\r' || u == '\f' || u == '\v') {
            space = !out.empty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        out += (u >= 'A' && u <= 'Z') ? static_cast<char>(u + 32) : c;
    }
    return out;
}

} // namespace

std::uint64_t stableHash(std::string_view bytes, std::uint64_t seed)
{
    std::uint64_t h = 0xcbf29ce484222325ULL ^ mix(seed);
    for (char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return mix(h);
}

MinHasher::MinHasher(int hashes, Shingling shingling)
    : m_shingling(shingling)
{
    // Multiply-shift hashing: h_i(x) = (a_i * x + b_i) >> 32 with odd a_i, from a fixed seed.
    std::uint64_t state = 0x5eed'c0de'2026'0001ULL;
    for (int i = 0; i < std::max(1, hashes); ++i) {
        state = mix(state + 0x9e3779b97f4a7c15ULL);
        m_mul.push_back(state | 1);
        state = mix(state + 0x9e3779b97f4a7c15ULL);
        m_add.push_back(state);
    }
}

void MinHasher::shingleHashes(std::string_view text, std::vector<std::uint64_t> &out) const
{
    const std::string t = normalised(text);
    const auto k = static_cast<std::size_t>(std::max(1, m_shingling.size));
    if (m_shingling.unit == Shingling::Unit::Characters) {
        if (t.size() <= k) {
            if (!t.empty())
                out.push_back(stableHash(t));
            return;
        }
        for (std::size_t i = 0; i + k <= t.size(); ++i)
            out.push_back(stableHash(std::string_view(t).substr(i, k)));
        return;
    }
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (i == 0 || t[i - 1] == ' ')
            starts.push_back(i);
    }
    if (starts.empty())
        return;
    if (starts.size() <= k) {
        out.push_back(stableHash(t));
        return;
    }
    for (std::size_t w = 0; w + k <= starts.size(); ++w) {
        const std::size_t end = w + k < starts.size() ? starts[w + k] - 1 : t.size();
        out.push_back(stableHash(std::string_view(t).substr(starts[w], end - starts[w])));
    }
}

Signature MinHasher::signature(std::string_view text) const
{
    std::vector<std::uint64_t> shingles;
    shingles.reserve(text.size());
    shingleHashes(text, shingles);
    // Repeated shingles do not change a set; dropping them first saves hashing work.
    std::sort(shingles.begin(), shingles.end());
    shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());

    Signature sig(m_mul.size(), std::numeric_limits<std::uint32_t>::max());
    for (std::size_t i = 0; i < m_mul.size(); ++i) {
        const std::uint64_t a = m_mul[i], b = m_add[i];
        std::uint32_t best = std::numeric_limits<std::uint32_t>::max();
        for (std::uint64_t x : shingles)
            best = std::min(best, static_cast<std::uint32_t>((a * x + b) >> 32));
        sig[i] = best;
    }
    return sig;
}

double MinHasher::similarity(const Signature &a, const Signature &b)
{
    const std::size_t n = std::min(a.size(), b.size());
    if (n == 0)
        return 0;
    std::size_t same = 0;
    for (std::size_t i = 0; i < n; ++i)
        same += a[i] == b[i];
    return static_cast<double>(same) / static_cast<double>(n);
}

} // namespace cordon::core::forensics
