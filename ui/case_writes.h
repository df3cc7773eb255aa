#pragma once

#include "core/util/expected.h"

#include <QObject>

#include <functional>

namespace cordon::core {
class Database;
class LiveIngest;
}

namespace cordon::ui {

/// The name decisions are recorded under in the audit log: the responder set in the
/// preferences, else the login name.
QString responderName();

/// Runs `job` on the case's writer thread between commits, then `then` on `context`'s
/// thread with the job's error text (empty when it succeeded). Nothing runs on the UI
/// thread but `then`; when `context` is gone by then, `then` is dropped.
void postWrite(core::LiveIngest &writer, QObject *context, std::function<core::Status(core::Database &)> job,
               std::function<void(const QString &)> then);

/// The window's writes to the open case (pins, triage decisions): through the case's single
/// writer, so they never interleave with a feed's commit and never block the UI thread.
class CaseWrites : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    /// The writer of the open case, or nullptr when it is read-only or closed.
    void attach(core::LiveIngest *writer);
    bool writable() const { return m_writer != nullptr; }
    /// Runs `job`; `then` gets the error text, empty on success. Answers for a case that
    /// has been closed since are dropped.
    void write(std::function<core::Status(core::Database &)> job, std::function<void(const QString &)> then);

Q_SIGNALS:
    void writableChanged(bool writable);

private:
    core::LiveIngest *m_writer = nullptr;
    unsigned m_generation = 0;
};

} // namespace cordon::ui
