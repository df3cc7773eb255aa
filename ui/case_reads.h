#pragma once

#include <QObject>
#include <QThread>

#include <functional>

namespace cordon::core {
class CaseReader;
}

namespace cordon::ui {

/// A read connection on a thread of its own, for pages that read on demand (a tree node
/// opened, a cluster selected). Jobs run in order; each answer comes back on the UI thread
/// unless the case was closed or reopened meanwhile, so a slow read never lands in the
/// wrong case.
class CaseReads : public QObject {
    Q_OBJECT
public:
    explicit CaseReads(QObject *parent = nullptr);
    ~CaseReads() override;

    void open(const QString &path);
    void close();

    /// Runs `job` on the reader's thread and then `then` (with what the job captured) on
    /// `context`'s thread. A job that throws is reported through failed().
    void read(std::function<void(core::CaseReader &)> job, QObject *context, std::function<void()> then);

Q_SIGNALS:
    void failed(const QString &message);

private:
    class Worker;
    QThread m_thread;
    Worker *m_worker;
    unsigned m_generation = 0;
};

} // namespace cordon::ui
