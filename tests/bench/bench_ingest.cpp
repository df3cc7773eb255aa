// cordon-bench ingest: bulk import of simulated events into a fresh case, every index and the
// full-text index in place at the end.
#include "bench_support.h"

#include "core/ingest/importer.h"
#include "core/store/case_file.h"

#include <cstdio>
#include <filesystem>

namespace cordon::bench {

int runIngest(std::int64_t events, const std::string &dir, bool keep)
{
    std::filesystem::create_directories(dir);
    const std::string input = dir + "/bench-events.jsonl";
    const std::string casePath = dir + "/bench.cordon";
    for (const auto &p : {casePath, casePath + "-wal", casePath + "-shm"})
        std::filesystem::remove(p);

    Stopwatch simWatch;
    const std::uint64_t bytes = writeSimulatedEvents(input, events, 1);
    std::printf("input        %lld simulated events (mixed scenario), %.1f MB, written in %.1f s (not timed below)\n",
                static_cast<long long>(events), static_cast<double>(bytes) / 1e6, simWatch.seconds());

    auto file = core::CaseFile::create(casePath, {"bench"}, core::SystemClock::instance(), "cordon-bench");
    if (!file) {
        std::fprintf(stderr, "cordon-bench: %s\n", file.error().message.c_str());
        return 1;
    }
    core::ImportOptions options;
    options.actor = "cordon-bench";
    Stopwatch watch;
    auto summary = core::Importer(**file, core::SystemClock::instance(), options).run({input});
    if (!summary) {
        std::fprintf(stderr, "cordon-bench: %s\n", summary.error().message.c_str());
        return 1;
    }
    // The case is finished when the write-ahead log is folded into the file, so that is timed too.
    Stopwatch checkpointWatch;
    (*file)->db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    const double checkpointSeconds = checkpointWatch.seconds();
    const double seconds = watch.seconds();
    const auto &s = summary.value();
    std::printf("choices      parse on this thread (Cordon events in one SAX pass, no JSON document), insert on the\n"
                "             writer thread; %s; commits of %zu events;\n"
                "             dedupe by a unique 64-bit payload-hash key; synchronous=NORMAL in WAL mode, the WAL copied\n"
                "             into the file by a checkpointer thread instead of inside the writer's commits\n",
                s.bulk ? "query indexes maintained row by row, FTS5 deferred and built once at the end"
                       : "indexes and FTS5 maintained batch by batch (import small relative to the case)",
                options.commitEvents);
    std::printf("imported     %lld events, %lld rejected, %lld duplicates in %zu batches\n",
                static_cast<long long>(s.accepted), static_cast<long long>(s.rejected),
                static_cast<long long>(s.duplicates), static_cast<std::size_t>(s.batches));
    std::printf("time         %.2f s total, of which %.2f s building the full-text index"
                " and %.2f s the final WAL checkpoint\n",
                seconds, s.indexSeconds, checkpointSeconds);
    std::printf("throughput   %.0f events/s, %.1f MB/s of input  (target >= 60000 events/s, stretch 100000)\n",
                static_cast<double>(s.accepted) / seconds, static_cast<double>(bytes) / 1e6 / seconds);
    std::printf("case file    %.1f MB (%.0f bytes per event)\n", static_cast<double>(fileSize(casePath)) / 1e6,
                static_cast<double>(fileSize(casePath)) / static_cast<double>(std::max<std::int64_t>(1, s.accepted)));
    std::printf("peak RSS     %.1f MB\n", peakRssMb());
    if (!keep) {
        std::filesystem::remove(input);
        file.value().reset();
        for (const auto &p : {casePath, casePath + "-wal", casePath + "-shm"})
            std::filesystem::remove(p);
    } else {
        std::printf("kept         %s\n", casePath.c_str());
    }
    return 0;
}

} // namespace cordon::bench
