"""A budget's `alert_at` crossing: one signed webhook to the tenant's alert URL per period."""

from __future__ import annotations

import time

import requests
from standardwebhooks import Webhook

JOB = {"model": "gpt-4o-mini", "max_tokens": 20,
       "messages": [{"role": "user", "content": "spend a little"}]}


def test_crossing_alert_at_sends_one_signed_alert(live_api, live_tenant, admin_headers,
                                                  loopback_worker, receiver, sim):
    base = f"{live_api}/v1/admin/tenants/{live_tenant['slug']}"
    assert requests.patch(base, headers=admin_headers, timeout=10,
                          json={"alert_url": receiver.url}).status_code == 200
    requests.put(f"{base}/budgets", headers=admin_headers, timeout=10, json={
        "scope": "tenant", "limit_usd": "1.00", "period": "month", "alert_at": "0.000001"})
    for _ in range(3):
        job_id = requests.post(f"{live_api}/v1/jobs", headers=live_tenant["headers"],
                               json=JOB, timeout=10).json()["id"]
        answer = requests.get(f"{live_api}/v1/jobs/{job_id}?wait=30",
                              headers=live_tenant["headers"], timeout=40).json()
        assert answer["status"] == "succeeded"
    [alert] = receiver.wait_for(1)
    time.sleep(2)
    assert len(receiver.received) == 1, "the alert fired more than once in one period"
    event = Webhook(live_tenant["webhook_secret"]).verify(alert["body"], alert["headers"])
    assert event["type"] == "budget.alert"
    assert event["data"]["scope"] == "tenant" and event["data"]["period"] == "month"
    assert event["data"]["limit_usd"] == "1.0000000000"


def test_a_private_alert_url_is_refused(live_api, live_tenant, admin_headers):
    answer = requests.patch(f"{live_api}/v1/admin/tenants/{live_tenant['slug']}",
                            headers=admin_headers, timeout=10,
                            json={"alert_url": "http://10.0.0.7/hook"})
    assert answer.status_code == 400
    assert answer.json()["error"]["type"] == "invalid_request"
