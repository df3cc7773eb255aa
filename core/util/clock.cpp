#include "core/util/clock.h"

#include <chrono>

namespace cordon::core {

TimeUs SystemClock::now() const
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

SystemClock &SystemClock::instance()
{
    static SystemClock clock;
    return clock;
}

} // namespace cordon::core
