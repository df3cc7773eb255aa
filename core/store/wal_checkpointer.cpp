#include "core/store/wal_checkpointer.h"

#include "core/util/log.h"
#include "core/util/thread_name.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>

namespace cordon::core {
namespace {

/// SQLite's default automatic checkpoint threshold, restored when the checkpointer goes.
constexpr int kAutoCheckpointFrames = 1000;
/// How long a commit waits for a lagging checkpoint before going on regardless (a reader
/// holding an old snapshot can keep the copy from completing).
constexpr auto kMaxWait = std::chrono::seconds(10);
/// Frames short of a due copy are copied anyway once commits pause this long.
constexpr auto kIdleCopy = std::chrono::milliseconds(500);

} // namespace

std::unique_ptr<WalCheckpointer> WalCheckpointer::attach(Database &writer, std::int64_t maxWalBytes,
                                                         std::int64_t copyAfterBytes)
{
    if (writer.path().empty())
        return nullptr;
    Statement mode = writer.prepare("PRAGMA journal_mode");
    if (!mode.step() || mode.text(0) != "wal")
        return nullptr;
    try {
        Database own(writer.path(), Database::Access::ReadWrite);
        own.exec("PRAGMA synchronous = NORMAL");   // the same durability as the writer's own checkpoints
        const std::int64_t pageSize = writer.queryInt("PRAGMA page_size");
        const std::int64_t maxFrames = std::max<std::int64_t>(kAutoCheckpointFrames, maxWalBytes / pageSize);
        const std::int64_t copyFrames = std::clamp<std::int64_t>(copyAfterBytes / pageSize, 1, maxFrames);
        return std::unique_ptr<WalCheckpointer>(new WalCheckpointer(writer, std::move(own), maxFrames, copyFrames));
    } catch (const SqlError &e) {
        logger("store")->warn("no background checkpoints for {}: {}", writer.path(), e.what());
        return nullptr;
    }
}

WalCheckpointer::WalCheckpointer(Database &writer, Database own, std::int64_t maxFrames, std::int64_t copyFrames)
    : m_writer(writer), m_own(std::move(own)), m_maxFrames(maxFrames), m_copyFrames(copyFrames),
      m_thread([this] { run(); })
{
    // Replaces the automatic checkpoint, which is itself a WAL hook.
    sqlite3_wal_hook(m_writer.handle(), &WalCheckpointer::onCommit, this);
}

WalCheckpointer::~WalCheckpointer()
{
    sqlite3_wal_autocheckpoint(m_writer.handle(), kAutoCheckpointFrames);
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

int WalCheckpointer::onCommit(void *self, sqlite3 *, const char *, int frames)
{
    static_cast<WalCheckpointer *>(self)->committed(frames);
    return SQLITE_OK;
}

void WalCheckpointer::committed(int frames)
{
    std::unique_lock lock(m_mutex);
    const std::uint64_t commit = ++m_commits;
    if (frames < m_framesAtCopy)
        m_framesAtCopy = 0;   // the WAL started over
    if (frames - m_framesAtCopy >= m_copyFrames || frames > m_maxFrames) {
        m_framesAtCopy = frames;
        m_copyDue = true;
        m_wake.notify_one();
    } else if (commit == m_copiedThrough + 1) {
        m_wake.notify_one();   // the first frames not copied: the checkpointer starts its idle timer
    }
    if (frames > m_maxFrames)
        m_caughtUp.wait_for(lock, kMaxWait, [&] { return m_copiedThrough >= commit || m_stopping; });
}

void WalCheckpointer::run()
{
    nameThisThread("cordon-wal");
    std::unique_lock lock(m_mutex);
    for (;;) {
        // Wait for a due copy, or for the commits to pause with frames not copied yet.
        for (;;) {
            if (m_stopping)
                return;
            if (m_copyDue)
                break;
            if (m_commits <= m_copiedThrough) {
                m_wake.wait(lock, [&] { return m_stopping || m_copyDue || m_commits > m_copiedThrough; });
                continue;
            }
            const std::uint64_t seen = m_commits;
            if (!m_wake.wait_for(lock, kIdleCopy, [&] { return m_stopping || m_copyDue; }) && m_commits == seen)
                break;
        }
        m_copyDue = false;
        const std::uint64_t target = m_commits;
        lock.unlock();
        int logFrames = 0, copied = 0;
        const int rc = sqlite3_wal_checkpoint_v2(m_own.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &logFrames,
                                                 &copied);
        const bool complete = rc == SQLITE_OK && copied >= logFrames;
        if (!complete) {
            if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
                logger("store")->warn("background checkpoint of {}: {}", m_own.path(), sqlite3_errstr(rc));
            // A reader still needs old frames, or another checkpoint runs: try again shortly.
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        lock.lock();
        if (complete) {
            m_copiedThrough = std::max(m_copiedThrough, target);
            m_caughtUp.notify_all();
        } else {
            m_copyDue = true;
        }
    }
}

} // namespace cordon::core
