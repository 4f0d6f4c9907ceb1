export default function Done() { return <div>Done</div>; }
