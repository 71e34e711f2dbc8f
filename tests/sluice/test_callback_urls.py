"""The SSRF guard: private, loopback, link-local, multicast and mapped addresses are refused."""

import pytest

from sluice.callback_urls import RefusedCallbackUrl, check_callback_url, is_public_address


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.0.0.8", "172.16.3.4", "192.168.1.1", "169.254.169.254", "100.64.0.1",
    "224.0.0.251", "0.0.0.0", "::1", "fe80::1", "fc00::5", "ff02::1", "::ffff:127.0.0.1",
    "::ffff:10.0.0.1", "2002:7f00:0001::1",
])
def test_non_public_addresses_are_refused(address):
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111",
                                     "::ffff:8.8.8.8"])
def test_public_addresses_pass(address):
    assert is_public_address(address)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/hook", "http://localhost:8080/x", "http://[::1]/x",
    "http://[::ffff:127.0.0.1]/x", "http://169.254.169.254/latest/meta-data",
    "ftp://example.com/x", "/relative", "http://user:pw@8.8.8.8/x",
    "http://no-such-host.invalid/x",
])
def test_refused_urls(url):
    with pytest.raises(RefusedCallbackUrl):
        check_callback_url(url, allow_hosts=[])


def test_allow_list_admits_a_host_or_an_address():
    check_callback_url("http://127.0.0.1:9000/hook", allow_hosts=["127.0.0.1"])
    check_callback_url("http://localhost:9000/hook", allow_hosts=["localhost"])
    with pytest.raises(RefusedCallbackUrl):
        check_callback_url("http://10.0.0.1/hook", allow_hosts=["127.0.0.1"])


def test_the_checked_address_is_returned_for_the_sender_to_use():
    assert check_callback_url("https://8.8.8.8:8443/hook", allow_hosts=[]) == "8.8.8.8"
    assert check_callback_url("http://localhost/hook", allow_hosts=["localhost"]) is None
