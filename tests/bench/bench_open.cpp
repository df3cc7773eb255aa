// cordon-bench open: time to open a case and read its header, counters and newest 200 events.
#include "bench_support.h"

#include "core/query/case_reader.h"
#include "core/store/case_file.h"

#include <cstdio>

namespace cordon::bench {

namespace {

/// One open as the GUI does it: the case (writer lock, pragmas), a read connection, the
/// header, the counters and the newest page. Returns milliseconds, or a negative on error.
double openOnce(const std::string &path, std::int64_t &events)
{
    Stopwatch watch;
    auto file = core::CaseFile::open(path, {false, "cordon-bench"});
    if (!file) {
        std::fprintf(stderr, "cordon-bench: %s\n", file.error().message.c_str());
        return -1;
    }
    core::CaseReader reader((*file)->openReadConnection());
    auto info = reader.info();
    auto stats = reader.stats();
    auto page = reader.newestEvents(200);
    const double ms = watch.ms();
    if (!info || !stats || !page || page->size() != std::min<std::size_t>(200, static_cast<std::size_t>(stats->events)))
        return -1;
    events = stats->events;
    return ms;
}

} // namespace

int runOpen(const std::string &path)
{
    std::int64_t events = 0;
    dropFromPageCache(path);
    const double cold = openOnce(path, events);
    if (cold < 0)
        return 1;
    double warmBest = 1e9;
    for (int i = 0; i < 5; ++i)
        warmBest = std::min(warmBest, openOnce(path, events));
    std::printf("case         %s, %lld events, %.1f MB\n", path.c_str(), static_cast<long long>(events),
                static_cast<double>(fileSize(path)) / 1e6);
    std::printf("open cold    %.1f ms to header, counters and newest 200 events (page cache dropped; target < 300 ms)\n", cold);
    std::printf("open warm    %.1f ms (best of 5; target < 100 ms)\n", warmBest);
    std::printf("peak RSS     %.1f MB\n", peakRssMb());
    return 0;
}

} // namespace cordon::bench
