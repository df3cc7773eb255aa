#pragma once

#include "ui/case_snapshot.h"

#include <QObject>
#include <QThread>

#include <memory>

namespace cordon::core {
class CaseFile;
}

namespace cordon::ui {

/// Opens a case and reads what the window shows on its own thread, so the UI thread never
/// waits for the disk. Holds the case open (and its single-writer lock) while it lives.
class CaseLoader : public QObject {
    Q_OBJECT
public:
    explicit CaseLoader(QObject *parent = nullptr);
    ~CaseLoader() override;

    /// Opens `path` (refusals come back through failed()) and emits loaded().
    void open(const QString &path);
    /// Reads a fresh snapshot of the open case.
    void refresh();

Q_SIGNALS:
    void loaded(const cordon::ui::CaseSnapshot &snapshot);
    void failed(const QString &path, const QString &message);

private:
    class Worker;
    QThread m_thread;
    Worker *m_worker = nullptr;
};

} // namespace cordon::ui
