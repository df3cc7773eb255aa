#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace cordon::bench {

/// Seconds since construction, on the steady clock.
class Stopwatch {
public:
    Stopwatch() : m_start(std::chrono::steady_clock::now()) {}
    double seconds() const
    {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    }
    double ms() const { return seconds() * 1000.0; }

private:
    std::chrono::steady_clock::time_point m_start;
};

double peakRssMb();
std::uint64_t fileSize(const std::string &path);
/// Asks the kernel to drop its cached pages of the case and its WAL files (cold-cache runs).
void dropFromPageCache(const std::string &casePath);
/// Writes `events` simulated events of a scenario to `path`; returns bytes written and, when
/// asked, the ground truth. `incidentScale` multiplies the incidents' share of the traffic.
std::uint64_t writeSimulatedEvents(const std::string &path, std::int64_t events, std::uint64_t seed,
                                   const std::string &scenario = "mixed", nlohmann::json *truth = nullptr,
                                   double incidentScale = 1.0);

} // namespace cordon::bench
