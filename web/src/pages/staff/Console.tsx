export default function Console() { return <div>Console</div>; }
