#include "ui/triage/close_alert_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace cordon::ui {

CloseAlertDialog::CloseAlertDialog(int alertCount, bool canResolve, core::AlertDecision::Kind preselected,
                                   QWidget *parent)
    : QDialog(parent), m_resolve(new QRadioButton(tr("&Resolved — handled, nothing more to do"))),
      m_merge(new QRadioButton(tr("&Merge into the incident — part of what this case is about"))),
      m_dismiss(new QRadioButton(tr("&Dismiss as a false positive"))), m_reason(new QLineEdit),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
{
    setObjectName(QStringLiteral("closeAlertDialog"));
    setWindowTitle(alertCount == 1 ? tr("Close Alert") : tr("Close %1 Alerts").arg(alertCount));
    m_resolve->setObjectName(QStringLiteral("closeResolve"));
    m_merge->setObjectName(QStringLiteral("closeMerge"));
    m_dismiss->setObjectName(QStringLiteral("closeDismiss"));
    m_reason->setObjectName(QStringLiteral("closeReason"));
    m_reason->setPlaceholderText(tr("Why? Required to dismiss; recorded in the audit log"));
    m_reason->setMinimumWidth(420);
    // A new alert has not been looked at: it can be merged or dismissed, not resolved.
    m_resolve->setEnabled(canResolve);
    if (!canResolve)
        m_resolve->setToolTip(tr("Acknowledge the alert before resolving it"));

    using K = core::AlertDecision::Kind;
    QRadioButton *initial = preselected == K::Merge ? m_merge : preselected == K::Resolve && canResolve ? m_resolve : m_dismiss;
    initial->setChecked(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_resolve);
    layout->addWidget(m_merge);
    layout->addWidget(m_dismiss);
    auto *form = new QFormLayout;
    form->addRow(tr("Reason:"), m_reason);
    layout->addLayout(form);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QRadioButton *b : {m_resolve, m_merge, m_dismiss})
        connect(b, &QRadioButton::toggled, this, &CloseAlertDialog::updateOk);
    connect(m_reason, &QLineEdit::textChanged, this, &CloseAlertDialog::updateOk);
    updateOk();
    m_reason->setFocus();
}

core::AlertDecision CloseAlertDialog::decision() const
{
    using K = core::AlertDecision::Kind;
    core::AlertDecision d;
    d.kind = m_dismiss->isChecked() ? K::Dismiss : m_merge->isChecked() ? K::Merge : K::Resolve;
    d.reason = m_reason->text().trimmed().toStdString();
    return d;
}

void CloseAlertDialog::updateOk()
{
    const bool needsReason = m_dismiss->isChecked();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!needsReason || !m_reason->text().trimmed().isEmpty());
}

} // namespace cordon::ui
