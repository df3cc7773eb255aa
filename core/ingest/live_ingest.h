#pragma once

#include "core/detect/detection_engine.h"
#include "core/ingest/batch_committer.h"
#include "core/ingest/ingest_batch.h"
#include "core/store/case_file.h"
#include "core/store/wal_checkpointer.h"
#include "core/util/clock.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace cordon::core {

/// Analysis that follows the feeds: run on the writer thread between commits, at most once an
/// interval and only when events arrived since, so results stay current without a run per
/// commit.
struct LiveAnalysis {
    /// Analyses some of the events not analysed yet; returns true when more remain (a backlog
    /// is worked through in slices so deliveries are not held up behind it). Throws on failure.
    std::function<bool(Database &)> run;
    std::chrono::milliseconds interval{5'000};
};

struct LiveOptions {
    /// Group commit: requests arriving within this interval share one transaction, so
    /// latency stays low without a commit per request.
    std::chrono::milliseconds commitInterval{250};
    /// Records queued but not committed; beyond this submit() refuses (the transport
    /// answers 429/503 with Retry-After instead of growing memory).
    std::size_t maxPendingRecords = 200'000;
    bool detect = true;
    /// The rules to run; the built-in ones when unset (callers pass DetectionConfig::forCase).
    std::optional<DetectionConfig> rules;
    std::string actor = "cordon-feeds";
    /// Forensics over what the feeds deliver; none unless the caller supplies it.
    std::optional<LiveAnalysis> analysis;
    /// Called on the writer thread after each commit (and its detection pass) and after each
    /// posted job, with a sequence number that only grows: the window pulls what it shows.
    std::function<void(std::uint64_t sequence)> changed;
};

/// What one transport delivery holds, already normalised.
struct LiveDelivery {
    std::string feed;
    std::vector<Event> events;
    std::vector<DeadLetter> deadLetters;
    std::vector<Indicator> indicators;
    /// A feed position (e.g. a tailed file's inode and offset) stored in the same
    /// transaction as the records, so a restart resumes with no gap and no repeat.
    std::optional<std::string> checkpoint;
    /// The sender's name for this delivery (Idempotency-Key, webhook-id, X-GitHub-Delivery).
    /// A retry under the same id is answered from the first delivery and stores nothing
    /// again; the same id with another body is refused.
    std::optional<std::string> deliveryId;
    Digest bodySha256{};
    /// Filled by LiveIngest::submit on the caller's thread when detection runs.
    EarlySignals earlySignals;
    std::size_t records() const { return events.size() + deadLetters.size() + indicators.size(); }
};

/// What became of a delivery: told only after its transaction committed (or failed).
struct LiveResult {
    bool committed = false;
    std::int64_t accepted = 0, duplicates = 0, rejected = 0, indicators = 0;
    std::string error;   ///< why nothing was committed
    /// The delivery id was seen before: the counts are the first delivery's, nothing new
    /// was stored.
    bool replayed = false;
    /// The delivery id was seen before with a different body: nothing was stored.
    bool idReused = false;
};

/// Per-feed counters for the Feeds view and `listen`.
struct FeedStats {
    std::int64_t accepted = 0, rejected = 0, duplicates = 0, refusedBusy = 0;
    std::int64_t replayedDeliveries = 0;   ///< retries answered from an earlier delivery
    TimeUs lastSeen = 0;
    std::string lastError;
    double eventsPerSecond = 0;   ///< accepted over the last ten seconds, as of stats()
    /// (commit time, accepted so far) for the rate; oldest first.
    std::deque<std::pair<TimeUs, std::int64_t>> samples;
};

/// The live write path: transports submit deliveries from any thread; one writer thread
/// commits everything that arrived within the commit interval in one transaction, answers
/// each delivery, then runs detection over the new events.
class LiveIngest {
public:
    using Done = std::function<void(const LiveResult &)>;

    LiveIngest(CaseFile &file, const Clock &clock, LiveOptions options = {});
    ~LiveIngest();

    /// Queues a delivery (moved from only when accepted); `done` runs on the writer thread
    /// once it is committed. Returns false, leaving the delivery with the caller and never
    /// calling `done`, when the writer is too far behind.
    bool submit(LiveDelivery &delivery, Done done);
    /// Blocks until everything submitted (and posted) so far is committed, answered and
    /// searchable.
    void flush();
    /// Flushes and stops the writer thread.
    void stop();
    /// Runs `job` on the writer thread between commits, so the case's other writes (feed
    /// definitions, a detection catch-up) never interleave with one. The job reports its own
    /// outcome; an exception it throws is logged.
    void post(std::function<void(Database &)> job);
    /// Queues detection over whatever is not evaluated yet, in slices, so deliveries and
    /// other writes are not held up behind a large catch-up.
    void detectNow();

    std::map<std::string, FeedStats> stats() const;
    std::size_t pendingRecords() const;
    /// The stored position of a feed, if any.
    static std::optional<std::string> checkpoint(Database &db, const std::string &feed);

private:
    struct Pending {
        LiveDelivery delivery;
        Done done;
    };
    void run();
    void commit(std::deque<Pending> &work);
    void notifyChanged();
    /// One slice of detection; schedules the next while events remain (writer thread).
    void detectSlice(Database &db);
    /// Brings the full-text index up to date in a transaction of its own (writer thread).
    void indexFullText(Database &db);
    /// Runs one analysis slice if one is due (writer thread).
    void analyzeIfDue();

    CaseFile &m_file;
    const Clock &m_clock;
    LiveOptions m_options;
    DetectionEngine m_detection;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake, m_idle;
    std::deque<Pending> m_pending;
    std::deque<std::function<void(Database &)>> m_jobs;
    std::uint64_t m_sequence = 0;
    bool m_catchUpQueued = false;   ///< a detection slice is queued (writer thread only)
    std::size_t m_pendingRecords = 0;
    std::uint64_t m_submitted = 0, m_answered = 0;
    bool m_stopping = false;
    std::chrono::steady_clock::time_point m_lastCommit{};
    /// Under load the full-text index is brought up to date every so often rather than in
    /// every commit (writer thread only); see commit().
    std::chrono::steady_clock::time_point m_lastFullText{};
    std::int64_t m_notFullTextIndexed = 0;
    /// Events arrived (or a backlog remains) that analysis has not seen; the case may hold
    /// some from before it was opened, so this starts true.
    bool m_analysisDue = true;
    std::chrono::steady_clock::time_point m_nextAnalysis{};
    std::map<std::string, FeedStats> m_stats;
    /// Kept from commit to commit (writer thread only): its prepared statements and entity
    /// cache would otherwise be rebuilt for every group.
    std::unique_ptr<BatchCommitter> m_committer;
    std::unique_ptr<WalCheckpointer> m_checkpointer;   // attached before the thread starts
    std::thread m_thread;
};

} // namespace cordon::core
