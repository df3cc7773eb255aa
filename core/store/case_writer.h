#pragma once

#include "core/store/sqlite.h"
#include "core/store/wal_checkpointer.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>

namespace cordon::core {

/// The one writer of a case: a thread that owns the write connection and runs write jobs in
/// the order they were submitted. submit() blocks while `capacity` jobs wait, which is the
/// back-pressure that keeps memory flat when producers outrun the disk. Its commits are
/// copied from the WAL into the file by a WalCheckpointer, off the writer's thread.
class CaseWriter {
public:
    CaseWriter(Database &db, std::size_t capacity = 4);
    ~CaseWriter();
    CaseWriter(const CaseWriter &) = delete;
    CaseWriter &operator=(const CaseWriter &) = delete;

    /// Queues `job(Database&)`; its result or exception arrives through the future.
    template<class Job>
    auto submit(Job job) -> std::future<std::invoke_result_t<Job, Database &>>
    {
        using R = std::invoke_result_t<Job, Database &>;
        auto task = std::make_shared<std::packaged_task<R(Database &)>>(std::move(job));
        auto future = task->get_future();
        enqueue([task](Database &db) { (*task)(db); });
        return future;
    }

    /// Runs everything queued, then stops the thread. Called by the destructor.
    void shutdown();

private:
    void enqueue(std::function<void(Database &)> job);
    void run();

    Database &m_db;
    const std::size_t m_capacity;
    std::mutex m_mutex;
    std::condition_variable m_notEmpty, m_notFull;
    std::deque<std::function<void(Database &)>> m_jobs;
    bool m_stopping = false;
    std::unique_ptr<WalCheckpointer> m_checkpointer;   // attached before the thread starts
    std::thread m_thread;
};

} // namespace cordon::core
