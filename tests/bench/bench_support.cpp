#include "bench_support.h"

#include "core/sim/simulator.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

namespace cordon::bench {

double peakRssMb()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

std::uint64_t fileSize(const std::string &path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

void dropFromPageCache(const std::string &casePath)
{
    for (const std::string &p : {casePath, casePath + "-wal", casePath + "-shm"}) {
        const int fd = ::open(p.c_str(), O_RDONLY);
        if (fd < 0)
            continue;
        fdatasync(fd);
        posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        ::close(fd);
    }
}

std::uint64_t writeSimulatedEvents(const std::string &path, std::int64_t events, std::uint64_t seed,
                                   const std::string &scenario, nlohmann::json *truth, double incidentScale)
{
    core::sim::SimulationConfig config;
    config.scenario = *core::sim::scenarioByName(scenario);
    config.events = events;
    config.seed = seed;
    config.incidentScale = incidentScale;
    // Spread large runs over more days so per-day rates stay plausible.
    config.duration = std::max<std::int64_t>(48, events / 20'000) * 3600LL * 1'000'000;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    std::uint64_t bytes = 0;
    nlohmann::json t = core::sim::Simulator(config).run([&](const core::sim::SimEvent &, std::string_view line) {
        out.write(line.data(), static_cast<std::streamsize>(line.size()));
        out.put('\n');
        bytes += line.size() + 1;
    });
    if (truth)
        *truth = std::move(t);
    return bytes;
}

} // namespace cordon::bench
