#include "core/ingest/live_ingest.h"

#include "core/ingest/batch_committer.h"
#include "core/store/event_indexes.h"
#include "core/util/log.h"
#include "core/util/thread_name.h"

#include <cstring>

namespace cordon::core {
namespace {

constexpr TimeUs kRateWindow = 10'000'000;   ///< events/s is taken over the last ten seconds
/// Events one detection job evaluates before letting commits and other writes in (~0.4 s).
constexpr std::int64_t kDetectionSlice = 50'000;
/// How far the full-text index may fall behind while deliveries arrive. Indexing a few
/// hundred events per commit cost FTS5 a new segment and merge work each time, a third of
/// the writer's time. Searches miss at most this much of the newest traffic; a larger chunk
/// (a second, 20,000 events) held single-event requests up.
constexpr auto kFullTextLag = std::chrono::milliseconds(250);
constexpr std::int64_t kFullTextChunk = 5'000;
/// Once deliveries pause this long, the rest is indexed in a transaction of its own. Not
/// "whenever the queue is empty": a few clients that each wait for their answer leave it
/// empty after every commit, which made every commit index its own few hundred events.
constexpr auto kFullTextIdle = std::chrono::milliseconds(50);
/// Records one group commit takes from the queue at most.
constexpr std::size_t kMaxCommitRecords = 5'000;

/// The deliveries table: what a named delivery stored, read back when it is retried.
class DeliveryLedger {
public:
    explicit DeliveryLedger(Database &db)
        : m_find(db.cached("SELECT body_sha256, accepted, duplicates, rejected, indicators FROM deliveries"
                            " WHERE feed = ? AND delivery_id = ?")),
          m_record(db.cached("INSERT INTO deliveries (feed, delivery_id, body_sha256, received_at, accepted, duplicates,"
                              " rejected, indicators) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"))
    {
    }

    /// The answer for a delivery whose id was seen before, or nothing when it is new.
    std::optional<LiveResult> earlier(const LiveDelivery &d)
    {
        Statement &find = *m_find;
        find.reset();
        find.bindText(1, d.feed).bindText(2, *d.deliveryId);
        if (!find.step())
            return std::nullopt;
        LiveResult r;
        r.committed = true;
        const auto body = find.blobView(0);
        if (body.size() != d.bodySha256.size() || std::memcmp(body.data(), d.bodySha256.data(), body.size()) != 0) {
            r.idReused = true;
            r.error = "delivery id \"" + *d.deliveryId + "\" was used before for a different body";
            return r;
        }
        r.replayed = true;
        r.accepted = find.int64(1);
        r.duplicates = find.int64(2);
        r.rejected = find.int64(3);
        r.indicators = find.int64(4);
        find.reset();
        return r;
    }

    void record(const LiveDelivery &d, const LiveResult &r, TimeUs at)
    {
        m_record->bindText(1, d.feed).bindText(2, *d.deliveryId).bindBlob(3, d.bodySha256.data(), d.bodySha256.size());
        m_record->bind(4, at).bind(5, r.accepted).bind(6, r.duplicates).bind(7, r.rejected).bind(8, r.indicators);
        m_record->run();
    }

private:
    CachedStatement m_find, m_record;
};

} // namespace

LiveIngest::LiveIngest(CaseFile &file, const Clock &clock, LiveOptions options)
    : m_file(file), m_clock(clock), m_options(std::move(options)),
      m_detection(m_options.rules ? *m_options.rules : DetectionConfig::builtIn(), clock),
      m_checkpointer(m_file.isReadOnly() ? nullptr : WalCheckpointer::attach(m_file.db()))
{
    if (m_options.detect) {
        try {
            m_detection.loadProtectedText(m_file.db());   // before any submit() computes signals
        } catch (const std::exception &e) {
            // Detection warms up (and loads them) on the writer thread, where a failure is reported.
            logger("feeds")->warn("could not read the case's protected texts yet: {}", e.what());
        }
    }
    m_thread = std::thread([this] { run(); });
}

LiveIngest::~LiveIngest()
{
    stop();
}

bool LiveIngest::submit(LiveDelivery &delivery, Done done)
{
    // The scanners run here, on the transport's thread, not on the busier writer thread.
    if (m_options.detect && delivery.earlySignals.sets.size() != delivery.events.size())
        delivery.earlySignals = m_detection.signalsOf(delivery.events);
    std::lock_guard lock(m_mutex);
    const std::size_t n = std::max<std::size_t>(1, delivery.records());
    if (m_stopping || m_pendingRecords + n > m_options.maxPendingRecords) {
        ++m_stats[delivery.feed].refusedBusy;
        return false;
    }
    m_pendingRecords += n;
    ++m_submitted;
    if (FeedStats &s = m_stats[delivery.feed]; s.samples.empty())
        s.samples.emplace_back(m_clock.now(), 0);   // the rate counts from the first delivery
    m_pending.push_back({std::move(delivery), std::move(done)});
    m_wake.notify_one();
    return true;
}

void LiveIngest::flush()
{
    std::unique_lock lock(m_mutex);
    const std::uint64_t target = m_submitted;
    m_wake.notify_one();
    m_idle.wait(lock, [&] { return m_answered >= target || !m_thread.joinable(); });
    if (!m_thread.joinable())
        return;
    // Then everything answered is made searchable too. Queued only now: a commit takes a
    // bounded group, so a job queued with deliveries may run before the last of them.
    bool indexed = false;
    m_jobs.push_back([this, &indexed](Database &db) {
        indexFullText(db);
        std::lock_guard guard(m_mutex);
        indexed = true;
    });
    ++m_submitted;
    m_wake.notify_one();
    m_idle.wait(lock, [&] { return indexed || !m_thread.joinable(); });
}

void LiveIngest::stop()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping && !m_thread.joinable())
            return;
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    m_committer.reset();
    m_checkpointer.reset();   // the writer connection is idle now
    m_idle.notify_all();
}

std::map<std::string, FeedStats> LiveIngest::stats() const
{
    std::lock_guard lock(m_mutex);
    auto out = m_stats;
    // The rate as of now, so a feed that went quiet reads 0 rather than its last burst.
    const TimeUs now = m_clock.now();
    for (auto &[feed, s] : out) {
        if (s.samples.empty() || now <= s.samples.front().first)
            continue;
        std::pair<TimeUs, std::int64_t> base = s.samples.front();
        for (const auto &sample : s.samples) {
            if (sample.first <= now - kRateWindow)
                base = sample;
        }
        const TimeUs span = std::min(kRateWindow, now - base.first);
        s.eventsPerSecond = static_cast<double>(s.accepted - base.second) * 1e6 / static_cast<double>(span);
    }
    return out;
}

std::size_t LiveIngest::pendingRecords() const
{
    std::lock_guard lock(m_mutex);
    return m_pendingRecords;
}

std::optional<std::string> LiveIngest::checkpoint(Database &db, const std::string &feed)
{
    Statement st = db.prepare("SELECT position FROM feed_checkpoints WHERE feed = ?");
    st.bindText(1, feed);
    if (!st.step())
        return std::nullopt;
    return st.text(0);
}

void LiveIngest::post(std::function<void(Database &)> job)
{
    std::lock_guard lock(m_mutex);
    m_jobs.push_back(std::move(job));
    ++m_submitted;   // flush() waits for posted writes too
    m_wake.notify_one();
}

void LiveIngest::detectNow()
{
    post([this](Database &db) { detectSlice(db); });
}

void LiveIngest::detectSlice(Database &db)
{
    m_catchUpQueued = false;
    if (!m_detection.run(db, kDetectionSlice).more)
        return;
    std::lock_guard lock(m_mutex);
    if (m_stopping)
        return;   // the case remembers how far detection got; the next open goes on from there
    m_catchUpQueued = true;
    m_jobs.push_back([this](Database &d) { detectSlice(d); });
    ++m_submitted;
}

void LiveIngest::indexFullText(Database &db)
{
    if (m_notFullTextIndexed == 0)
        return;
    try {
        WriteTransaction txn(db);
        event_indexes::catchUpFullText(db);
        txn.commit();
        m_notFullTextIndexed = 0;
        m_lastFullText = std::chrono::steady_clock::now();
        notifyChanged();   // a search on screen may now match more
    } catch (const SqlError &e) {
        // The events are committed and meta.fts_indexed_upto still points before them, so
        // the next commit's catch-up (or the next open) takes them; no retry every 50 ms.
        m_notFullTextIndexed = 0;
        logger("feeds")->error("bringing the full-text index up to date failed: {}", e.what());
    }
}

void LiveIngest::analyzeIfDue()
{
    const auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(m_mutex);
        if (!m_options.analysis || !m_analysisDue || m_stopping || now < m_nextAnalysis)
            return;
        m_analysisDue = false;
    }
    bool more = false, failed = false;
    try {
        more = m_options.analysis->run(m_file.db());
    } catch (const std::exception &e) {
        // Tried again after the interval; the feeds keep committing meanwhile.
        logger("feeds")->error("forensic analysis failed: {}", e.what());
        failed = true;
    }
    notifyChanged();
    std::lock_guard lock(m_mutex);
    m_analysisDue = m_analysisDue || more || failed;
    // A backlog's next slice goes as soon as waiting deliveries are committed.
    const auto wait = more ? std::chrono::milliseconds(0) : m_options.analysis->interval;
    m_nextAnalysis = std::chrono::steady_clock::now() + wait;
}

void LiveIngest::notifyChanged()
{
    if (m_options.changed)
        m_options.changed(++m_sequence);
}

void LiveIngest::run()
{
    nameThisThread("cordon-live");
    for (;;) {
        std::deque<Pending> work;
        std::deque<std::function<void(Database &)>> jobs;
        bool indexText = false;   // deliveries paused with events not yet searchable
        {
            std::unique_lock lock(m_mutex);
            const auto ready = [&] { return !m_pending.empty() || !m_jobs.empty() || m_stopping; };
            auto until = std::chrono::steady_clock::time_point::max();
            if (m_options.analysis && m_analysisDue)
                until = m_nextAnalysis;
            if (m_notFullTextIndexed > 0)
                until = std::min(until, std::chrono::steady_clock::now() + kFullTextIdle);
            if (until == std::chrono::steady_clock::time_point::max())
                m_wake.wait(lock, ready);
            else
                m_wake.wait_until(lock, until, ready);
            indexText = m_notFullTextIndexed > 0 && !ready();
            if (m_pending.empty() && m_jobs.empty() && m_stopping)
                return;
            // Group commit. After an idle spell, let the group fill for the commit interval;
            // under load the previous commit was the wait, so commit what gathered meanwhile.
            const bool idle = std::chrono::steady_clock::now() - m_lastCommit > m_options.commitInterval;
            if (!m_pending.empty() && idle && !m_stopping && m_pendingRecords < m_options.maxPendingRecords / 4)
                m_wake.wait_for(lock, m_options.commitInterval, [&] { return m_stopping; });
            // A bounded group: the pages a commit changes stay in memory until it ends, and
            // a writer that fell behind would otherwise take its whole queue at once.
            for (std::size_t records = 0; !m_pending.empty() && (work.empty() || records < kMaxCommitRecords);) {
                records += std::max<std::size_t>(1, m_pending.front().delivery.records());
                work.push_back(std::move(m_pending.front()));
                m_pending.pop_front();
            }
            jobs.swap(m_jobs);
        }
        if (!work.empty()) {
            commit(work);
            m_lastCommit = std::chrono::steady_clock::now();
            notifyChanged();
        }
        for (auto &job : jobs) {
            try {
                job(m_file.db());
            } catch (const std::exception &e) {
                logger("feeds")->error("a write on the case failed: {}", e.what());
            }
            notifyChanged();
            std::lock_guard lock(m_mutex);
            ++m_answered;
            m_idle.notify_all();
        }
        if (indexText)
            indexFullText(m_file.db());
        analyzeIfDue();
    }
}

void LiveIngest::commit(std::deque<Pending> &work)
{
    Database &db = m_file.db();
    std::vector<LiveResult> results(work.size());
    std::vector<std::vector<std::int64_t>> storedIds(work.size());
    std::size_t records = 0;
    if (!m_committer)
        m_committer = std::make_unique<BatchCommitter>(db);
    BatchCommitter &committer = *m_committer;
    try {
        IngestBatch header;
        header.source = "live";
        header.actor = m_options.actor;
        header.recordTime = m_clock.now();
        nlohmann::json feeds = nlohmann::json::object();
        committer.begin(header);
        CachedStatement checkpoint = db.cached(
            "INSERT INTO feed_checkpoints (feed, position, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (feed) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at");
        DeliveryLedger ledger(db);
        for (std::size_t i = 0; i < work.size(); ++i) {
            const LiveDelivery &d = work[i].delivery;
            records += std::max<std::size_t>(1, d.records());
            if (d.deliveryId) {
                if (auto earlier = ledger.earlier(d)) {
                    results[i] = *earlier;
                    continue;
                }
            }
            const auto before = committer.counts();
            committer.append(d.events, d.deadLetters, &storedIds[i]);
            committer.appendIndicators(d.indicators);
            const auto after = committer.counts();
            results[i] = {true, after.accepted - before.accepted, after.duplicates - before.duplicates,
                          after.rejected - before.rejected, after.indicators - before.indicators, {}};
            if (d.deliveryId)
                ledger.record(d, results[i], header.recordTime);
            if (d.checkpoint) {
                checkpoint->bindText(1, d.feed).bindText(2, *d.checkpoint).bind(3, header.recordTime);
                checkpoint->run();
            }
            feeds[d.feed] = feeds.value(d.feed, 0) + static_cast<int>(d.records());
        }
        m_notFullTextIndexed += committer.counts().accepted;
        const auto now = std::chrono::steady_clock::now();
        const bool fullText = m_notFullTextIndexed >= kFullTextChunk || now - m_lastFullText >= kFullTextLag;
        committer.finish(fullText, {{"feeds", feeds}});
        if (fullText) {
            m_notFullTextIndexed = 0;
            m_lastFullText = now;
        }
        // Committed: detection may take these events' signals as computed on arrival.
        for (std::size_t i = 0; i < work.size(); ++i) {
            const EarlySignals &early = work[i].delivery.earlySignals;
            for (std::size_t k = 0; k < storedIds[i].size() && k < early.sets.size(); ++k) {
                if (storedIds[i][k])
                    m_detection.expect(storedIds[i][k], early.sets[k], early.basis);
            }
        }
    } catch (const std::exception &e) {
        committer.abort();
        logger("feeds")->error("committing {} deliveries failed: {}", work.size(), e.what());
        for (auto &r : results)
            r = {false, 0, 0, 0, 0, std::string("the case could not be written: ") + e.what(), false, false};
        records = 0;
        for (const auto &p : work)
            records += std::max<std::size_t>(1, p.delivery.records());
    }
    {
        std::lock_guard lock(m_mutex);
        for (std::size_t i = 0; i < work.size(); ++i) {
            FeedStats &s = m_stats[work[i].delivery.feed];
            s.lastSeen = m_clock.now();
            if (results[i].replayed) {
                ++s.replayedDeliveries;   // its counts are the first delivery's, already counted
                continue;
            }
            s.accepted += results[i].accepted;
            s.duplicates += results[i].duplicates;
            s.rejected += results[i].rejected;
            if (!results[i].committed || results[i].idReused)
                s.lastError = results[i].error;
        }
        // (commit time, accepted so far), enough of them to span the rate window.
        const TimeUs now = m_clock.now();
        for (auto &[feed, s] : m_stats) {
            s.samples.emplace_back(now, s.accepted);
            while (s.samples.size() > 2 && s.samples[1].first <= now - kRateWindow)
                s.samples.pop_front();
        }
    }
    // Acknowledge only now: everything answered is in the case file.
    for (std::size_t i = 0; i < work.size(); ++i) {
        if (work[i].done)
            work[i].done(results[i]);
    }
    if (m_options.detect) {
        try {
            if (!m_catchUpQueued)
                detectSlice(db);
        } catch (const std::exception &e) {
            logger("feeds")->error("detection failed: {}", e.what());
        }
    }
    std::lock_guard lock(m_mutex);
    m_pendingRecords -= std::min(m_pendingRecords, records);
    m_answered += work.size();
    for (const auto &r : results)
        m_analysisDue = m_analysisDue || r.accepted > 0 || r.indicators > 0;
    m_idle.notify_all();
}

} // namespace cordon::core
