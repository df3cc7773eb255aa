#pragma once

#include "ui/coalesced_read.h"

#include <QDockWidget>

class QPlainTextEdit;
class QPushButton;
class QTextBrowser;

namespace cordon::ui {

class CaseReads;
class CaseWrites;

/// The war room's notes: what responders saw, decided and asked, newest first, pins among
/// them; a line to add one (Ctrl+Return), written through the case's writer and audited.
class NotesDock : public QDockWidget {
    Q_OBJECT
public:
    NotesDock(CaseReads &reads, CaseWrites &writes, QWidget *parent = nullptr);

    void refresh();
    void clear();
    void setWritable(bool writable);
    QPlainTextEdit *input() const { return m_input; }

Q_SIGNALS:
    void problem(const QString &message);
    void status(const QString &message);

private:
    void add();

    CaseReads &m_reads;
    CaseWrites &m_writes;
    QTextBrowser *m_notes;
    QPlainTextEdit *m_input;
    QPushButton *m_add;
    CoalescedRead m_read;
};

} // namespace cordon::ui
