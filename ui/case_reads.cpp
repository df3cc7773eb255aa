#include "ui/case_reads.h"

#include "core/query/case_reader.h"

#include <QPointer>

#include <memory>

namespace cordon::ui {

class CaseReads::Worker : public QObject {
public:
    std::unique_ptr<core::CaseReader> reader;
};

CaseReads::CaseReads(QObject *parent) : QObject(parent), m_worker(new Worker)
{
    m_thread.setObjectName(QStringLiteral("case-reads"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

CaseReads::~CaseReads()
{
    close();
    m_thread.quit();
    m_thread.wait();
}

void CaseReads::open(const QString &path)
{
    const unsigned generation = ++m_generation;
    QMetaObject::invokeMethod(m_worker, [this, path, generation] {
        m_worker->reader.reset();
        auto reader = core::CaseReader::open(path.toStdString());
        if (reader) {
            m_worker->reader = std::make_unique<core::CaseReader>(std::move(reader.value()));
            return;
        }
        const QString message = QString::fromStdString(reader.error().message);
        QMetaObject::invokeMethod(this, [this, message, generation] {
            if (m_generation == generation)
                Q_EMIT failed(message);
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

void CaseReads::close()
{
    ++m_generation;
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->reader.reset(); }, Qt::QueuedConnection);
}

void CaseReads::read(std::function<void(core::CaseReader &)> job, QObject *context, std::function<void()> then)
{
    QPointer<QObject> guard(context);
    const unsigned generation = m_generation;
    // `this` outlives every job: the destructor waits for the thread.
    QMetaObject::invokeMethod(m_worker, [this, job = std::move(job), then = std::move(then), guard, generation] {
        if (!m_worker->reader)
            return;
        QString error;
        try {
            job(*m_worker->reader);
        } catch (const std::exception &e) {
            error = QString::fromUtf8(e.what());
        }
        QMetaObject::invokeMethod(this, [this, guard, then, error, generation] {
            if (!guard || m_generation != generation)   // read on the UI thread only
                return;
            if (!error.isEmpty())
                Q_EMIT failed(error);
            else
                then();
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

} // namespace cordon::ui
