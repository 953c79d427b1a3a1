-- Every line of the audit log names an action of ref.audit_actions (so that it has a label).
-- reads: meta.audit, ref.audit_actions
select audit_id, action
from meta.audit
where action not in (select action from ref.audit_actions)
