#pragma once

#include "core/audit/audit_log.h"
#include "ui/coalesced_read.h"

#include <QAbstractTableModel>
#include <QDockWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace cordon::ui {

class CaseReads;

/// The newest audit entries, newest first: who did what to which object, and the entry's
/// hash (the chain's links).
class AuditModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Seq, Time, Actor, Action, Object, Detail, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    void setEntries(std::vector<core::AuditEntry> entries);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<core::AuditEntry> m_entries;
};

/// The audit log of the case as it grows, and a check of the whole chain on demand (read on
/// the reader's thread, never the window's).
class AuditDock : public QDockWidget {
    Q_OBJECT
public:
    AuditDock(CaseReads &reads, QWidget *parent = nullptr);

    /// Reads the newest entries again (when the case changed and the dock is shown).
    void refresh();
    void clear();
    AuditModel *model() const { return m_model; }

Q_SIGNALS:
    void problem(const QString &message);

private:
    void verify();

    CaseReads &m_reads;
    AuditModel *m_model;
    QTableView *m_view;
    QPushButton *m_verify;
    QLabel *m_verdict;
    CoalescedRead m_read;
};

} // namespace cordon::ui
