#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace cordon::core::sim {

/// xoshiro256** seeded through SplitMix64. Implemented here rather than with <random>
/// distributions, whose output differs between standard libraries: a seed must give the
/// same traffic everywhere.
class Rng {
public:
    explicit Rng(std::uint64_t seed)
    {
        for (auto &s : m_s) {
            seed += 0x9E3779B97F4A7C15ull;
            std::uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            s = z ^ (z >> 31);
        }
    }

    std::uint64_t next()
    {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }

    /// Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    /// Uniform integer in [lo, hi].
    std::int64_t range(std::int64_t lo, std::int64_t hi)
    {
        return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo + 1));
    }
    bool chance(double p) { return uniform() < p; }
    template<class T>
    const T &pick(const std::vector<T> &items) { return items[static_cast<std::size_t>(next() % items.size())]; }
    /// Exponential with the given mean.
    double exponential(double mean) { return -mean * std::log(1.0 - uniform()); }
    /// Index drawn with weight 1/(i+1)^s: a few heavy users, a long tail.
    std::size_t zipf(std::size_t n, const std::vector<double> &cumulative)
    {
        const double u = uniform() * cumulative.back();
        std::size_t lo = 0, hi = n - 1;
        while (lo < hi) {
            const std::size_t mid = (lo + hi) / 2;
            if (cumulative[mid] < u)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
    std::string hex(int chars)
    {
        static constexpr char digits[] = "0123456789abcdef";
        std::string s(static_cast<std::size_t>(chars), '0');
        for (auto &c : s)
            c = digits[next() & 0xf];
        return s;
    }
    std::string alnum(int chars)
    {
        static constexpr char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        std::string s(static_cast<std::size_t>(chars), 'a');
        for (auto &c : s)
            c = set[next() % 62];
        return s;
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t m_s[4];
};

} // namespace cordon::core::sim
