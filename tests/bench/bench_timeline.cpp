// cordon-bench timeline: what the timeline costs on a large case, below the widgets: the
// first screen straight from SQL (cold), reading the compact index of every event, filters
// to their first screen and to their complete match list, the newest full-text hits, and
// reading a visible page of rows.
#include "bench_support.h"

#include "core/domain/event_flags.h"
#include "core/query/case_reader.h"
#include "core/query/timeline_index.h"
#include "core/store/case_file.h"

#include <cstdio>

namespace cordon::bench {
namespace {

/// The value of the entity the most events of `column` point at, among the newest 10,000.
std::string busiest(core::Database &db, const char *column)
{
    core::Statement st = db.prepare(std::string("SELECT en.value FROM (SELECT ") + column
                                    + " AS ref FROM events ORDER BY id DESC LIMIT 10000) e JOIN entities en ON en.id = e.ref"
                                      " GROUP BY e.ref ORDER BY COUNT(*) DESC LIMIT 1");
    return st.step() ? st.text(0) : std::string();
}

void measure(core::Database &db, const core::TimelineIndex &index, const char *what, const core::TimelineFilter &filter)
{
    Stopwatch first;
    const auto head = core::TimelineIndex::firstMatches(db, filter, 200);
    const double firstMs = first.ms();
    Stopwatch all;
    const auto matches = index.matches(db, filter);
    const double allMs = all.ms();
    std::printf("  %-34s first screen %7.1f ms (%zu rows); all %9zu matches %7.1f ms\n", what, firstMs, head.size(),
                matches.size(), allMs);
}

} // namespace

int runTimeline(const std::string &path)
{
    {
        // Opening for writing runs any pending migration first (v8 widens events_time).
        auto file = core::CaseFile::open(path, {false, "cordon-bench"});
        if (!file) {
            std::fprintf(stderr, "cordon-bench: %s\n", file.error().message.c_str());
            return 1;
        }
    }
    dropFromPageCache(path);
    auto reader = core::CaseReader::open(path);
    if (!reader) {
        std::fprintf(stderr, "cordon-bench: %s\n", reader.error().message.c_str());
        return 1;
    }
    core::Database &db = reader->db();
    Stopwatch cold;
    const auto firstScreen = core::TimelineIndex::firstMatches(db, {}, 200);
    const auto rows = reader->eventsById(firstScreen);
    std::printf("timeline on %s\n", path.c_str());
    std::printf("  first screen, cold cache: newest 200 ids and their rows %.1f ms\n", cold.ms());

    core::TimelineIndex index;
    Stopwatch read;
    index.catchUp(db);
    std::printf("  compact index of %zu events read in %.0f ms (%.1f MB)\n", index.size(), read.ms(),
                static_cast<double>(index.size() * sizeof(core::TimelineEntry)) / 1e6);

    core::TimelineFilter f;
    measure(db, index, "no filter", f);
    f.kinds = {"auth"};
    measure(db, index, "kind auth", f);
    f = {};
    f.flags = core::JailbreakDetected;
    measure(db, index, "flag jailbreak_detected", f);
    f = {};
    f.account = busiest(db, "account_id");
    measure(db, index, ("account " + *f.account).c_str(), f);
    f = {};
    f.sourceIp = busiest(db, "source_ip_id");
    measure(db, index, ("address " + *f.sourceIp).c_str(), f);
    f = {};
    f.text = "password";
    measure(db, index, "full text \"password\"", f);
    f = {};
    f.text = "refund policy";
    measure(db, index, "full text \"refund policy\"", f);

    const auto all = index.matches(db, {});
    if (all.size() > 100) {
        const std::vector<std::int64_t> page(all.begin() + static_cast<std::ptrdiff_t>(all.size() / 2),
                                             all.begin() + static_cast<std::ptrdiff_t>(all.size() / 2 + 100));
        Stopwatch fetch;
        const auto middle = reader->eventsById(page);
        std::printf("  a page of 100 rows from the middle by id: %.2f ms\n", fetch.ms());
    }
    std::printf("  peak RSS %.0f MB\n", peakRssMb());
    std::printf("  (targets, with the widgets: first painted page < 300 ms cold; a structured filter < 100 ms to\n"
                "   first screen and < 500 ms to the complete count; newest 200 full-text hits < 50 ms)\n");
    return rows ? 0 : 1;
}

} // namespace cordon::bench
