// cordon-cli simulate: argument handling and output; the traffic model is core/sim.
#include "arguments.h"
#include "commands.h"
#include "terminal.h"

#include "core/sim/simulator.h"
#include "core/util/time_format.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

namespace cordon::cli {

int runSimulate(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"scenario", "events", "seed", "out", "rate", "truth", "start", "hours"}, {}}))
        return usageError(*err);
    if (!args.positionals().empty())
        return usageError("simulate takes options only");
    const auto scenario = core::sim::scenarioByName(args.valueOr("scenario", ""));
    if (!scenario) {
        std::string names;
        for (const auto &n : core::sim::scenarioNames())
            names += (names.empty() ? "" : ", ") + n;
        return usageError("--scenario is one of " + names);
    }
    core::sim::SimulationConfig config;
    config.scenario = *scenario;
    long long events = config.events, seed = 1, rate = 0, hours = 48;
    for (auto err : {args.number("events", events, 1, 1'000'000'000), args.number("seed", seed, 0, 1LL << 62),
                     args.number("rate", rate, 1, 10'000'000), args.number("hours", hours, 1, 24 * 365)}) {
        if (err)
            return usageError(*err);
    }
    config.events = events;
    config.seed = static_cast<std::uint64_t>(seed);
    config.duration = hours * 3600LL * 1'000'000;
    if (auto start = args.value("start")) {
        auto t = core::parseRfc3339(*start);
        if (!t)
            return usageError("--start takes an RFC 3339 time such as 2026-11-20T00:00:00Z");
        config.start = *t;
    }
    if (args.has("out") && args.has("rate"))
        return usageError("--out writes a file at full speed; --rate streams live to standard output; pick one");

    std::ofstream file;
    std::ostream *out = &std::cout;
    if (auto path = args.value("out")) {
        file.open(*path, std::ios::binary | std::ios::trunc);
        if (!file)
            return reportError({core::ErrorCode::Io, "cannot write " + *path});
        out = &file;
    }

    core::sim::Simulator simulator(config);
    core::sim::Simulator::TimeOverride live;
    const auto t0 = std::chrono::steady_clock::now();
    std::int64_t emitted = 0;
    if (rate > 0) {
        // Live mode: pace to --rate and stamp each event with the wall clock.
        live = [&](const core::sim::SimEvent &) {
            const auto due = t0 + std::chrono::microseconds(emitted * 1'000'000 / rate);
            std::this_thread::sleep_until(due);
            return core::SystemClock::instance().now();
        };
    }
    const auto truth = simulator.run(
        [&](const core::sim::SimEvent &, std::string_view line) {
            out->write(line.data(), static_cast<std::streamsize>(line.size()));
            out->put('\n');
            if (rate > 0)
                out->flush();
            ++emitted;
        },
        live);
    out->flush();
    if (!*out)
        return reportError({core::ErrorCode::Io, "writing the simulated events failed (disk full?)"});

    std::string truthPath = args.valueOr("truth", "");
    if (truthPath.empty() && args.has("out"))
        truthPath = *args.value("out") + ".truth.json";
    if (!truthPath.empty()) {
        std::ofstream t(truthPath, std::ios::trunc);
        t << truth.dump(1) << '\n';
        if (!t)
            return reportError({core::ErrorCode::Io, "cannot write the ground truth to " + truthPath});
    }
    if (args.has("out")) {
        std::fprintf(stderr, "wrote %s events to %s; ground truth in %s\n", humanCount(emitted).c_str(),
                     args.value("out")->c_str(), truthPath.c_str());
    }
    return kOk;
}

} // namespace cordon::cli
