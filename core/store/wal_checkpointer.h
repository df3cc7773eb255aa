#pragma once

#include "core/store/sqlite.h"

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

namespace cordon::core {

/// Copies committed WAL frames into the case file on a thread and connection of its own.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold, on the
/// writer's thread: during a bulk import that was a tenth of the writer's time, spent while
/// the parsing core idled. While a checkpointer lives, the writer's automatic checkpoint is
/// off; each commit wakes the checkpointer instead, which copies frames concurrently with
/// the writer's next transaction.
///
/// The WAL can only start over from its beginning when it has been copied completely by the
/// time the writer begins its next transaction, which a busy writer never leaves time for.
/// So when the WAL has grown past `maxWalBytes`, the commit waits for the checkpointer to
/// finish before it returns: the WAL stays bounded and the copy still overlaps the work
/// between commits.
///
/// Copying after every commit copied a page as often as it changed: under feeds, commits of
/// a few hundred events each rewrite the same scattered index pages, so most of the copy was
/// waste. The checkpointer copies once `copyAfterBytes` of new frames have gathered, or when
/// commits pause, so each page is copied once however often it changed in between.
///
/// Construct and destroy it while no other thread uses the writer connection (before the
/// writer thread starts, after it is joined): both change that connection's WAL hook.
class WalCheckpointer {
public:
    /// Returns null when the database is not a WAL-mode file (in-memory, read-only, ...):
    /// the automatic checkpoint then stays as it is.
    static std::unique_ptr<WalCheckpointer> attach(Database &writer, std::int64_t maxWalBytes = 256LL << 20,
                                                   std::int64_t copyAfterBytes = 8LL << 20);
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer &) = delete;
    WalCheckpointer &operator=(const WalCheckpointer &) = delete;

private:
    WalCheckpointer(Database &writer, Database own, std::int64_t maxFrames, std::int64_t copyFrames);
    static int onCommit(void *self, sqlite3 *, const char *, int frames);
    void committed(int frames);
    void run();

    Database &m_writer;
    Database m_own;
    const std::int64_t m_maxFrames;
    const std::int64_t m_copyFrames;   // new frames that make a copy due
    std::mutex m_mutex;
    std::condition_variable m_wake, m_caughtUp;
    std::uint64_t m_commits = 0;        // commits seen by the hook
    std::uint64_t m_copiedThrough = 0;  // every frame of commits up to this one is in the file
    std::int64_t m_framesAtCopy = 0;    // the WAL's length when the last copy was asked for
    bool m_copyDue = false;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace cordon::core
