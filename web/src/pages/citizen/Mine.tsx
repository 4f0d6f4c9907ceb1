export default function Mine() { return <div>Mine</div>; }
