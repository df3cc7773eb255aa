#include "ui/shell/audit_dock.h"

#include "core/audit/verifier.h"
#include "core/query/case_reader.h"
#include "ui/case_reads.h"
#include "ui/qt_text.h"
#include "ui/shell/dock_front.h"
#include "ui/table_style.h"
#include "ui/time_text.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <filesystem>
#include <memory>

namespace cordon::ui {
namespace {
constexpr int kShownEntries = 500;
} // namespace

void AuditModel::setEntries(std::vector<core::AuditEntry> entries)
{
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
}

int AuditModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int AuditModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const core::AuditEntry &e = m_entries[static_cast<std::size_t>(index.row())];
    if (role == Qt::ToolTipRole)
        return tr("Entry %1, hash %2").arg(e.seq).arg(qstr(core::toHex(e.hash)));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Seq: return QVariant::fromValue(e.seq);
    case Time: return formatLocalTime(e.at);
    case Actor: return qstr(e.actor);
    case Action: return qstr(e.action);
    case Object: return QStringLiteral("%1 %2").arg(qstr(e.objectType)).arg(e.objectId);
    case Detail: return qstr(e.detail == "{}" ? std::string() : e.detail);
    }
    return {};
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Seq: return tr("#");
    case Time: return tr("When");
    case Actor: return tr("Who");
    case Action: return tr("What");
    case Object: return tr("Object");
    case Detail: return tr("Detail");
    }
    return {};
}

AuditDock::AuditDock(CaseReads &reads, QWidget *parent)
    : QDockWidget(tr("Audit Log"), parent), m_reads(reads), m_model(new AuditModel(this)), m_view(new QTableView),
      m_verify(new QPushButton(tr("&Verify Chain"))), m_verdict(new QLabel)
{
    setObjectName(QStringLiteral("auditDock"));
    m_view->setObjectName(QStringLiteral("auditView"));
    m_view->setModel(m_model);
    configureTable(m_view, {60, 200, 140, 130, 110});
    m_verify->setObjectName(QStringLiteral("verifyChain"));
    m_verify->setToolTip(tr("Re-walk the whole hash chain and every audited row, as `cordon verify` does"));
    m_verdict->setObjectName(QStringLiteral("chainVerdict"));
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_verify);
    bar->addWidget(m_verdict, 1);
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    setWidget(box);

    connect(m_verify, &QPushButton::clicked, this, &AuditDock::verify);
    connect(this, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible)
            refresh();
    });
}

void AuditDock::refresh()
{
    // A dock out of sight reads nothing; one read at a time while feeds keep the case changing.
    if (!inFront(this) || !m_read.begin())
        return;
    auto entries = std::make_shared<std::vector<core::AuditEntry>>();
    m_reads.read([entries](core::CaseReader &r) { *entries = core::AuditLog::newest(r.db(), kShownEntries); }, this,
                 [this, entries] {
                     if (m_read.end())
                         QMetaObject::invokeMethod(this, &AuditDock::refresh, Qt::QueuedConnection);
                     m_model->setEntries(std::move(*entries));
                 });
}

void AuditDock::clear()
{
    m_read.reset();
    m_model->setEntries({});
    m_verdict->clear();
}

void AuditDock::verify()
{
    m_verify->setEnabled(false);
    m_verdict->setText(tr("Verifying…"));
    auto report = std::make_shared<core::VerifyReport>();
    m_reads.read([report](core::CaseReader &r) { // Evidence paths are relative to the case file's folder.
        *report = core::verifyCase(r.db(), std::filesystem::absolute(r.db().path()).parent_path().string()); }, this,
                 [this, report] {
                     m_verify->setEnabled(true);
                     if (report->ok()) {
                         m_verdict->setStyleSheet({});
                         m_verdict->setText(tr("✓ Chain verified: %1 entries, %2 events; head %3")
                                                .arg(report->auditEntries)
                                                .arg(report->events)
                                                .arg(qstr(report->headHash.substr(0, 16))));
                         return;
                     }
                     const QString first = qstr(report->problems.front());
                     m_verdict->setStyleSheet(QStringLiteral("QLabel { color: #c62828; font-weight: 600; }"));
                     m_verdict->setText(tr("✗ %n problem(s): %1", nullptr, static_cast<int>(report->problems.size())).arg(first));
                     Q_EMIT problem(tr("The audit chain does not verify: %1").arg(first));
                 });
}

} // namespace cordon::ui
