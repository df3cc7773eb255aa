#pragma once

#include "ui/case_snapshot.h"

#include <QObject>
#include <QThread>

#include <memory>

namespace cordon::core {
class CaseFile;
class LiveIngest;
}

namespace cordon::ui {

/// Opens a case and reads what the window shows on its own thread, so the UI thread never
/// waits for the disk. Holds the case open (and its single-writer lock) while it lives.
class CaseLoader : public QObject {
    Q_OBJECT
public:
    explicit CaseLoader(QObject *parent = nullptr);
    ~CaseLoader() override;

    /// Opens `path` (refusals come back through failed()) and emits loaded(). Whoever uses
    /// the current writer must let go of it first (writerChanged(nullptr) is not waited for).
    void open(const QString &path);
    /// Reads a fresh snapshot of the open case.
    void refresh();

Q_SIGNALS:
    void loaded(const cordon::ui::CaseSnapshot &snapshot);
    void failed(const QString &path, const QString &message);
    /// The open case's single writer (feeds, detection, other writes), or nullptr when the
    /// case is read-only or closed. Lives until the next open() or the loader's end.
    void writerChanged(cordon::core::LiveIngest *writer);
    /// The writer committed something: a snapshot is worth reading again.
    void caseChanged();

private:
    void emitWriter(core::LiveIngest *writer, unsigned generation);

    class Worker;
    QThread m_thread;
    Worker *m_worker = nullptr;
    unsigned m_generation = 0;   ///< which open() a writer belongs to; stale ones are ignored
};

} // namespace cordon::ui
