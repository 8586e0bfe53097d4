"""The region the fake cloud serves: a folder as RegionWriter writes it, read back into the lists
and per-id answers of each action, with each action's paging style and maximum page size."""
import json
import os

# action: (product, wrapper, item, paging, max page size, filters by VpcId)
LISTS = {
    "DescribeVpcs": ("vpc", "Vpcs", "Vpc", "page", 50, True),
    "DescribeVSwitches": ("vpc", "VSwitches", "VSwitch", "page", 50, True),
    "DescribeInstances": ("ecs", "Instances", "Instance", "token", 100, True),
    "DescribeNetworkInterfaces": ("ecs", "NetworkInterfaceSets", "NetworkInterfaceSet", "token", 500, True),
    "DescribeSecurityGroups": ("ecs", "SecurityGroups", "SecurityGroup", "token", 100, True),
    "DescribeRouteTableList": ("vpc", "RouterTableList", "RouterTableListType", "page", 50, True),
    "DescribeNetworkAcls": ("vpc", "NetworkAcls", "NetworkAcl", "page", 100, True),
    "DescribeEipAddresses": ("vpc", "EipAddresses", "EipAddress", "page", 100, False),
    "DescribeNatGateways": ("vpc", "NatGateways", "NatGateway", "page", 50, True),
    "DescribeIpv4Gateways": ("vpc", "Ipv4Gateways", "Ipv4Gateway", "token", 100, True),
    "DescribePrefixLists": ("ecs", "PrefixLists", "PrefixList", "token", 100, False),
    "DescribePortRangeLists": ("ecs", "PortRangeLists", "PortRangeList", "token", 100, False),
}
# action: (id parameter, folder, wrapper, item, paging, max page size)
PER_ID = {
    "DescribeSecurityGroupAttribute": ("SecurityGroupId", "DescribeSecurityGroupAttribute", "Permissions", "Permission", "token", 1000),
    "DescribeRouteEntryList": ("RouteTableId", "DescribeRouteEntryList", "RouteEntrys", "RouteEntry", "token", 100),
    "DescribeSnatTableEntries": ("SnatTableId", "DescribeSnatTableEntries", "SnatTableEntries", "SnatTableEntry", "page", 50),
    "DescribeForwardTableEntries": ("ForwardTableId", "DescribeForwardTableEntries", "ForwardTableEntries", "ForwardTableEntry", "page", 50),
}

class ApiError(Exception):
    def __init__(self, status, code, message):
        Exception.__init__(self, message)
        self.status, self.code, self.message = status, code, message


def load_document(path):
    with open(path, "rb") as handle:
        return json.loads(handle.read().decode("utf-8"))


def documents(root, name):
    """The documents of X.json or X/1.json, X/2.json, ..."""
    single = os.path.join(root, name + ".json")
    if os.path.isfile(single):
        return [load_document(single)]
    folder = os.path.join(root, name)
    if not os.path.isdir(folder):
        return []
    pages = sorted((f for f in os.listdir(folder) if f.endswith(".json")), key=lambda f: int(f[:-5]))
    return [load_document(os.path.join(folder, f)) for f in pages]


def items_of(doc, wrapper, item):
    outer = doc.get(wrapper)
    if isinstance(outer, dict):
        outer = outer.get(item, [])
    return outer if isinstance(outer, list) else []


class Region(object):
    def __init__(self, root):
        self.root = root
        self.lists = {}
        for action, (_, wrapper, item, _, _, _) in LISTS.items():
            self.lists[action] = [x for d in documents(root, action) for x in items_of(d, wrapper, item)]
        # The real DescribePrefixLists has no entries: they come from DescribePrefixListAttributes.
        self.prefix_entries = {}
        for pl in self.lists["DescribePrefixLists"]:
            self.prefix_entries[pl["PrefixListId"]] = items_of(pl, "Entries", "Entry")
            pl.pop("Entries", None)
        self.per_id = {}
        for action, (_, folder, wrapper, item, _, _) in PER_ID.items():
            base = os.path.join(root, folder)
            names = set(f[:-5] if f.endswith(".json") else f for f in os.listdir(base)) if os.path.isdir(base) else set()
            for name in names:
                docs = documents(base, name)
                head = dict(docs[0])
                head.pop(wrapper, None)
                self.per_id[(action, name)] = (head, [x for d in docs for x in items_of(d, wrapper, item)])

    def guest(self, instance_id):
        folder = os.path.join(self.root, "os", instance_id)
        system = os.path.join(folder, "system.json")
        return folder if os.path.isfile(system) else None
