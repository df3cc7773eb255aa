#include "core/store/case_writer.h"

#include "core/util/thread_name.h"

namespace cordon::core {

CaseWriter::CaseWriter(Database &db, std::size_t capacity)
    : m_db(db), m_capacity(capacity ? capacity : 1), m_checkpointer(WalCheckpointer::attach(db)),
      m_thread([this] { run(); })
{
}

CaseWriter::~CaseWriter()
{
    shutdown();
}

void CaseWriter::enqueue(std::function<void(Database &)> job)
{
    std::unique_lock lock(m_mutex);
    m_notFull.wait(lock, [&] { return m_jobs.size() < m_capacity || m_stopping; });
    m_jobs.push_back(std::move(job));
    m_notEmpty.notify_one();
}

void CaseWriter::shutdown()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping && !m_thread.joinable())
            return;
        m_stopping = true;
    }
    m_notEmpty.notify_all();
    m_notFull.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    m_checkpointer.reset();   // the writer connection is idle now
}

void CaseWriter::run()
{
    nameThisThread("cordon-writer");
    for (;;) {
        std::function<void(Database &)> job;
        {
            std::unique_lock lock(m_mutex);
            m_notEmpty.wait(lock, [&] { return !m_jobs.empty() || m_stopping; });
            if (m_jobs.empty())
                return;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        m_notFull.notify_one();
        job(m_db); // packaged_task captures exceptions into the future
    }
}

} // namespace cordon::core
