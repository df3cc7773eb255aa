// cordon-bench gui: the war room's timeline at scale, on the offscreen platform, measured
// the way a responder feels it: first painted page after a cold open, filters and searches
// to first screen and to the complete count, frames while scrolling end to end, the UI
// thread's longest stall while feeds deliver 20k events/s, and peak memory.
#include "bench_support.h"

#include "core/detect/detection_engine.h"
#include "core/domain/event_flags.h"
#include "core/forensics/live_analysis.h"
#include "core/ingest/delivery.h"
#include "core/ingest/live_ingest.h"
#include "ui/case_loader.h"
#include "ui/main_window.h"
#include "ui/process_memory.h"
#include "ui/timeline/timeline.h"
#include "ui/timeline/timeline_model.h"
#include "ui/timeline/timeline_page.h"

#include <sqlite3.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

namespace cordon::bench {
namespace {

using M = ui::TimelineModel;

/// Counts the view's paints and notes when one showed loaded rows.
class PaintWatch : public QObject {
public:
    PaintWatch(QTableView *view) : m_view(view) { view->viewport()->installEventFilter(this); }
    bool loadedPaint = false;
    int paints = 0;
    double lastPaintMs = 0;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::Paint)
            return QObject::eventFilter(watched, event);
        QElapsedTimer t;
        t.start();
        m_view->viewport()->removeEventFilter(this);
        QCoreApplication::sendEvent(watched, event);   // paint now, to time it
        m_view->viewport()->installEventFilter(this);
        lastPaintMs = static_cast<double>(t.nsecsElapsed()) / 1e6;
        ++paints;
        const int top = m_view->rowAt(0);
        if (top >= 0 && m_view->model()->index(top, 0).data(M::LoadedRole).toBool())
            loadedPaint = true;
        return true;
    }

private:
    QTableView *m_view;
};

/// Runs the event loop until `done` or `timeoutMs`; returns the elapsed ms.
///
/// The loop sleeps between events as the application's own does: processEvents with a time
/// limit drops WaitForMoreEvents and would spin, taking a whole core from the writer and the
/// timeline workers on a two-core machine. `done` is checked after every batch of events; a
/// 5 ms timer makes sure there is one.
template<class F>
double spinUntil(F done, int timeoutMs = 60'000)
{
    QElapsedTimer t;
    t.start();
    QTimer wake;
    wake.start(5);
    while (!done() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

struct FilterRun {
    double firstScreenMs = -1, completeMs = -1, paintedMs = -1;
    std::size_t matches = 0;
};

FilterRun runFilter(ui::TimelinePage &page, PaintWatch &watch, const core::TimelineFilter &filter)
{
    FilterRun r;
    QElapsedTimer t;
    bool complete = false;
    auto c = QObject::connect(page.timeline(), &ui::Timeline::matchesChanged, &page, [&](const ui::TimelineMatches &m) {
        const double now = static_cast<double>(t.nsecsElapsed()) / 1e6;
        if (r.firstScreenMs < 0)
            r.firstScreenMs = now;
        if (m.complete) {
            r.completeMs = now;
            r.matches = m.ids->size();
            complete = true;
        }
    });
    watch.loadedPaint = false;
    t.start();
    page.showFilter(filter);
    spinUntil([&] { return complete && (watch.loadedPaint || r.matches == 0); });
    r.paintedMs = static_cast<double>(t.nsecsElapsed()) / 1e6;
    QObject::disconnect(c);
    return r;
}

void printFilter(const char *name, const FilterRun &r)
{
    std::printf("  %-34s %9zu matches  first screen %7.1f ms  complete %7.1f ms  painted %7.1f ms\n", name, r.matches,
                r.firstScreenMs, r.completeMs, r.paintedMs);
}

/// Feeds `path`'s JSON lines to the writer at `rate` events/s in deliveries of 500.
std::thread feeder(core::LiveIngest &writer, std::string path, int rate, int seconds, std::atomic<bool> &stop,
                   std::atomic<long long> &submitted)
{
    return std::thread([&writer, path, rate, seconds, &stop, &submitted] {
        std::ifstream in(path);
        std::string line, body;
        const auto start = std::chrono::steady_clock::now();
        long long sent = 0;
        const long long total = static_cast<long long>(rate) * seconds;
        int delivery = 0;
        while (!stop && sent < total) {
            body.clear();
            int n = 0;
            while (n < 500 && std::getline(in, line)) {
                body += line;
                body += '\n';
                ++n;
            }
            if (n == 0)
                break;
            auto parsed = core::parseDelivery(body, "bench-gui", "bench#" + std::to_string(delivery++),
                                              core::SystemClock::instance().now(), {});
            while (!stop && !writer.submit(parsed.delivery, [](const core::LiveResult &) {}))
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            sent += n;
            submitted = sent;
            // Pace: the n-th event leaves no earlier than n / rate seconds after the start.
            std::this_thread::sleep_until(start + std::chrono::microseconds(sent * 1'000'000 / rate));
        }
    });
}

/// Brings detection and forensics of the original case up to date. They are stored in it,
/// so this costs time once per freshly imported case; the measurements below then see the
/// war room in its steady state (feeds arriving) rather than a catch-up over a million
/// events, which the writer would otherwise work through during the ingest phase.
bool catchUp(const std::string &original)
{
    auto file = core::CaseFile::open(original, {false, "cordon-bench"});
    if (!file) {
        std::fprintf(stderr, "cordon-bench: %s\n", file.error().message.c_str());
        return false;
    }
    core::Database &db = (*file)->db();
    Stopwatch w;
    auto rules = core::DetectionConfig::forCase(db);
    const auto detected = core::DetectionEngine(rules ? *rules : core::DetectionConfig::builtIn(),
                                                core::SystemClock::instance())
                              .run(db);
    auto analysis = core::forensics::liveAnalysis({}, core::SystemClock::instance(), "cordon-bench",
                                                  std::chrono::milliseconds(0), 200'000);
    int slices = 0;
    while (analysis.run(db))
        ++slices;
    if (detected.events > 0 || slices > 0) {
        std::printf("caught up: detection over %lld events and forensics in %.1f s (stored in the case; not measured)\n",
                    static_cast<long long>(detected.events), w.seconds());
        std::fflush(stdout);
    }
    return true;
}

} // namespace

int runGui(const std::string &original, int ingestSeconds, const std::string &dir)
{
    ui::limitAllocatorArenas();   // as the application's main() does, before any thread
    // Feeding events changes the case: measure a copy so every run starts from the same one.
    const std::string path = dir + "/bench-gui-copy.cordon";
    // In a child process, so its memory does not count in the peak RSS measured here.
    if (const pid_t child = ::fork(); child == 0) {
        std::fflush(stdout);
        std::_Exit(catchUp(original) ? 0 : 1);
    } else if (int status = 0; child < 0 || ::waitpid(child, &status, 0) != child || !WIFEXITED(status)
                                 || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr, "cordon-bench: could not bring detection and forensics up to date\n");
        return 1;
    }
    std::error_code ec;
    std::filesystem::remove(path + "-wal", ec);
    std::filesystem::remove(path + "-shm", ec);
    if (!std::filesystem::copy_file(original, path, std::filesystem::copy_options::overwrite_existing, ec)) {
        std::fprintf(stderr, "cordon-bench: cannot copy %s to %s: %s\n", original.c_str(), path.c_str(), ec.message().c_str());
        return 1;
    }
    qputenv("QT_QPA_PLATFORM", "offscreen");
    int argc = 1;
    char arg0[] = "cordon-bench";
    char *argv[] = {arg0, nullptr};
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("CordonBench"));
    QApplication::setApplicationName(QStringLiteral("cordon-bench-gui"));

    std::printf("cordon-bench gui %s (a copy of it; offscreen platform, window 1400x900)\n", original.c_str());
    dropFromPageCache(path);
    ui::MainWindow window;
    window.resize(1400, 900);
    window.showPage(ui::MainWindow::TimelinePageIndex);
    window.show();
    QCoreApplication::processEvents();
    ui::TimelinePage &page = *window.timelinePage();
    QTableView *view = page.view();
    PaintWatch watch(view);
    core::LiveIngest *writer = nullptr;
    QObject::connect(window.findChild<ui::CaseLoader *>(), &ui::CaseLoader::writerChanged, &window,
                     [&writer](core::LiveIngest *w) { writer = w; });

    // 1. Cold open to the first painted page of rows, then to the whole index read.
    Stopwatch open;
    double completeMs = -1;
    QObject::connect(page.timeline(), &ui::Timeline::matchesChanged, &window, [&](const ui::TimelineMatches &m) {
        if (m.complete && completeMs < 0)
            completeMs = open.ms();
    });
    window.openCase(QString::fromStdString(path));
    const double firstPaint = spinUntil([&] { return watch.loadedPaint; });
    spinUntil([&] { return completeMs >= 0; });
    const auto rows = view->model()->rowCount();
    std::printf("open (cold cache): first painted page %.1f ms; every event indexed %.1f ms (%d events)\n", firstPaint,
                completeMs, rows);
    if (rows == 0) {
        std::fprintf(stderr, "cordon-bench: the case has no events\n");
        return 1;
    }
    spinUntil([&] { return writer != nullptr; }, 10'000);

    // 2. Structured filters and full-text search, each from the unfiltered list.
    const auto *sample = static_cast<M *>(view->model())->cachedRow(0);
    core::TimelineFilter account, kind, common, flags, range, text, rare, none;
    account.account = sample && sample->account ? *sample->account : "u-100001";
    kind.kinds = {"auth"};
    common.kinds = {"llm.request"};
    flags.flags = core::JailbreakDetected;
    std::printf("filters over %d events:\n", rows);
    for (auto [name, f] : {std::pair{"account of the newest event", account}, {"kind auth", kind},
                           {"kind llm.request", common}, {"flag jailbreak_detected", flags}}) {
        printFilter(name, runFilter(page, watch, f));
        runFilter(page, watch, none);
    }
    const core::TimeUs newest = sample ? sample->eventTime : 0;
    range.from = newest - 3'600'000'000LL;
    range.to = newest + 1;
    printFilter("last hour of event time", runFilter(page, watch, range));
    runFilter(page, watch, none);
    text.text = "translate";
    printFilter("words: translate (common)", runFilter(page, watch, text));
    runFilter(page, watch, none);
    text.text = "reimbursement process";
    printFilter("words: reimbursement process", runFilter(page, watch, text));
    runFilter(page, watch, none);
    rare.text = "ignore previous";
    printFilter("words: ignore previous", runFilter(page, watch, rare));
    runFilter(page, watch, none);
    core::TimelineFilter combined = flags;
    combined.text = "ignore";
    printFilter("words + flag", runFilter(page, watch, combined));
    runFilter(page, watch, none);

    // 3. Scrolling end to end: 400 jumps spread over the list, then 2,000 page-downs.
    QScrollBar *bar = view->verticalScrollBar();
    std::vector<double> frames, fills;
    for (int i = 0; i <= 400; ++i) {
        QElapsedTimer t;
        t.start();
        watch.loadedPaint = false;
        bar->setValue(static_cast<int>(static_cast<long long>(bar->maximum()) * i / 400));
        view->viewport()->repaint();
        frames.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        fills.push_back(spinUntil([&] { return watch.loadedPaint; }, 5000) + frames.back());
    }
    bar->setValue(bar->maximum() / 3);
    for (int i = 0; i < 2000; ++i) {
        QElapsedTimer t;
        t.start();
        bar->triggerAction(QAbstractSlider::SliderPageStepAdd);
        view->viewport()->repaint();
        QCoreApplication::processEvents();
        frames.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    std::sort(frames.begin(), frames.end());
    std::sort(fills.begin(), fills.end());
    std::printf("scrolling: %zu frames, longest %.1f ms, p99 %.1f ms, median %.2f ms; rows of a jumped-to page "
                "painted after median %.1f ms, longest %.1f ms\n",
                frames.size(), frames.back(), frames[frames.size() * 99 / 100], frames[frames.size() / 2],
                fills[fills.size() / 2], fills.back());
    bar->setValue(0);
    std::printf("peak RSS with the case open, filtered and scrolled: %.0f MB\n", peakRssMb());

    // 4. The UI thread while feeds deliver: a 10 ms timer's longest gap.
    if (ingestSeconds > 0 && writer) {
        const std::string feed = dir + "/bench-gui-feed.jsonl";
        const int rate = 20'000;
        const std::uint64_t seed = 977;   // not the ingest benchmark's: these are new events
        writeSimulatedEvents(feed, static_cast<std::int64_t>(rate) * ingestSeconds, seed, "mixed");
        std::printf("peak RSS before ingest: %.0f MB; SQLite's heap %.0f MB\n", peakRssMb(),
                    static_cast<double>(sqlite3_memory_used()) / 1e6);
        std::atomic<bool> stop{false};
        std::atomic<long long> submitted{0};
        QElapsedTimer gap;
        double longest = 0;
        int over50 = 0, ticks = 0;
        QTimer tick;
        tick.setTimerType(Qt::PreciseTimer);
        QObject::connect(&tick, &QTimer::timeout, &window, [&] {
            const double ms = static_cast<double>(gap.nsecsElapsed()) / 1e6;
            gap.restart();
            ++ticks;
            if (ticks > 1) {
                longest = std::max(longest, ms);
                over50 += ms > 50;
            }
        });
        const int before = view->model()->rowCount();
        gap.start();
        tick.start(10);
        std::thread t = feeder(*writer, feed, rate, ingestSeconds, stop, submitted);
        Stopwatch run;
        spinUntil([&] { return run.seconds() >= ingestSeconds; }, (ingestSeconds + 5) * 1000);
        stop = true;
        t.join();
        tick.stop();
        spinUntil([&] { return view->model()->rowCount() > before; }, 5000);
        std::printf("ingest at %d events/s for %d s (%lld submitted): longest gap between 10 ms ticks %.1f ms, "
                    "%d gaps over 50 ms in %d ticks; timeline grew by %d rows\n",
                    rate, ingestSeconds, submitted.load(), longest, over50, ticks, view->model()->rowCount() - before);
        const auto stats = writer->stats();
        if (auto it = stats.find("bench-gui"); it != stats.end())
            std::printf("writer: %lld events committed, %lld deliveries refused while its queue was full\n",
                        static_cast<long long>(it->second.accepted), static_cast<long long>(it->second.refusedBusy));
    }
    std::printf("peak RSS after ingest: %.0f MB\n", peakRssMb());
    std::printf("SQLite's heap now %.0f MB, at most %.0f MB\n", static_cast<double>(sqlite3_memory_used()) / 1e6,
                static_cast<double>(sqlite3_memory_highwater(0)) / 1e6);
    return 0;
}

} // namespace cordon::bench
