#pragma once

#include <atomic>
#include <cstdint>

namespace cordon::core {

/// Microseconds since the Unix epoch, UTC. Every stored time in a case file uses this unit.
using TimeUs = std::int64_t;

/// The seam for "now": SLAs, timers and exercises read time only through a Clock,
/// so tests and simulated exercises can drive it.
class Clock {
public:
    virtual ~Clock() = default;
    virtual TimeUs now() const = 0;
};

/// The wall clock.
class SystemClock final : public Clock {
public:
    TimeUs now() const override;
    static SystemClock &instance();
};

/// A clock that only moves when told to; for tests and simulated exercises.
class ManualClock final : public Clock {
public:
    explicit ManualClock(TimeUs start = 0) : m_now(start) {}
    TimeUs now() const override { return m_now.load(); }
    void set(TimeUs t) { m_now.store(t); }
    void advance(TimeUs delta) { m_now.fetch_add(delta); }

private:
    std::atomic<TimeUs> m_now;
};

} // namespace cordon::core
